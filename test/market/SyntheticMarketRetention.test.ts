import { describe, expect, it } from "@effect/vitest"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../../src/domain/Timeframe.ts"
import { OhlcvColumns } from "../../src/market/OhlcvColumns.ts"
import { createSyntheticMarket } from "../../src/market/SyntheticMarket.ts"

const DAY = timeframeMs["1d"]
const START = Date.UTC(2025, 0, 1)
const SYMBOL = "ETH/USD"
const RETAIN_DAYS = 20
// Forgotten once 1/8 more than the retention is held (SyntheticMarket KEEP_SLACK)
const MAX_HELD_DAYS = RETAIN_DAYS * (1 + 1 / 8)

const rows = (s: CandleSeries) =>
  Array.from({ length: s.length }, (_, i) => [s.openTime[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]])

describe("SyntheticMarket retainMs (the embedded venue of a 24/7 process)", () => {
  it("holds a bounded window of bars while the clock walks on, each bar equal to the unbounded market's", () => {
    const kept = createSyntheticMarket({ seed: 7, startMs: START, retainMs: RETAIN_DAYS * DAY })
    const all = createSyntheticMarket({ seed: 7, startMs: START })
    const timeframes: ReadonlyArray<Timeframe> = ["15m", "1h", "1d"]
    // What a live process asks: the price now and the newest closed bars, day after day for a year
    for (let day = 2; day <= 365; day++) {
      const now = START + day * DAY
      expect(kept.price(SYMBOL, now - 1)).toBe(all.price(SYMBOL, now - 1))
      for (const tf of timeframes)
        expect(rows(kept.candles(SYMBOL, tf, now - 2 * DAY, now))).toHaveLength(2 * (DAY / timeframeMs[tf]))
    }
    const now = START + 365 * DAY
    for (const tf of timeframes) {
      // Everything still held, asked from the start: at least the retention, never more than retention + slack
      const held = kept.candles(SYMBOL, tf, START, now)
      const perDay = DAY / timeframeMs[tf]
      expect(held.length).toBeGreaterThanOrEqual(RETAIN_DAYS * perDay)
      expect(held.length).toBeLessThanOrEqual(Math.ceil(MAX_HELD_DAYS * perDay))
      expect(rows(held)).toEqual(rows(all.candles(SYMBOL, tf, held.openTime[0] ?? 0, now)))
    }
    // A time older than the bars held has no price (the unbounded market still has one)
    expect(kept.price(SYMBOL, START + DAY)).toBeUndefined()
    expect(all.price(SYMBOL, START + DAY)).toBeDefined()
  })

  it("a timeframe first asked after old bars were forgotten starts at its first bar still whole", () => {
    const kept = createSyntheticMarket({ seed: 3, startMs: START, retainMs: RETAIN_DAYS * DAY })
    const all = createSyntheticMarket({ seed: 3, startMs: START })
    for (let day = 1; day <= 120; day++) kept.price(SYMBOL, START + day * DAY - 1)
    const now = START + 120 * DAY
    const fourHours = kept.candles(SYMBOL, "4h", START, now)
    expect(fourHours.length).toBeGreaterThan(0)
    expect(fourHours.length).toBeLessThanOrEqual(Math.ceil(MAX_HELD_DAYS * 6))
    expect(rows(fourHours)).toEqual(rows(all.candles(SYMBOL, "4h", fourHours.openTime[0] ?? 0, now)))
  })

  it("refuses a retention that is not positive", () => {
    expect(() => createSyntheticMarket({ seed: 1, startMs: START, retainMs: 0 })).toThrow(/retainMs/)
  })
})

describe("OhlcvColumns window", () => {
  it("reserve doubles up to its limit only; dropOldest keeps the newest bars in order", () => {
    const columns = new OhlcvColumns(4)
    for (let i = 0; i < 4; i++) columns.push(i, i, i, i, i)
    columns.reserve(5, 6)
    expect(columns.open.length).toBe(6)
    columns.reserve(7, 6) // more than the limit asked: exactly that much
    expect(columns.open.length).toBe(7)
    columns.dropOldest(3)
    expect(columns.length).toBe(1)
    expect(Array.from(columns.close.subarray(0, columns.length))).toEqual([3])
  })
})
