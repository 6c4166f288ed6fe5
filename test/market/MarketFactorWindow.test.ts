import { describe, expect, it, vi } from "@effect/vitest"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { timeframeMs } from "../../src/domain/Timeframe.ts"
import { createSyntheticMarket } from "../../src/market/SyntheticMarket.ts"
import { FactorReader, MarketFactor } from "../../src/market/SyntheticPath.ts"

const DAY = timeframeMs["1d"]
const START = Date.UTC(2025, 0, 1)
const BARS = 20_000

const shocks = (read: (index: number) => number, from: number, to: number) =>
  Float64Array.from({ length: to - from }, (_, i) => read(from + i))

const rows = (s: CandleSeries) =>
  Array.from({ length: s.length }, (_, i) => [s.openTime[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]])

describe("MarketFactor window", () => {
  it("holds at most keep + slack shocks while readers walk on, each equal to the unbounded factor's", () => {
    const all = new MarketFactor(9)
    const kept = new MarketFactor(9, { keep: 100, slack: 13 })
    const leader = new FactorReader(kept)
    const expected = shocks((i) => all.at(i) ?? Number.NaN, 0, BARS)
    for (let i = 0; i < BARS; i++) {
      expect(leader.at(i)).toBe(expected[i])
      expect(kept.held).toBeLessThanOrEqual(113)
    }
    expect(kept.at(0)).toBeUndefined()
    expect(kept.held).toBeGreaterThanOrEqual(100)
    // A reader starting late replays the forgotten shocks from the seed, then reads the held ones
    const late = new FactorReader(kept)
    expect(shocks((i) => late.at(i), 0, BARS + 500)).toEqual(shocks((i) => all.at(i) ?? Number.NaN, 0, BARS + 500))
    expect(kept.held).toBeLessThanOrEqual(113)
  })

  it("a reader left behind by another replays exactly the shocks it missed", () => {
    const all = new MarketFactor(4)
    const kept = new MarketFactor(4, { keep: 50, slack: 7 })
    const [fast, slow] = [new FactorReader(kept), new FactorReader(kept)]
    const read: Array<number> = []
    for (let i = 0; i < 3_000; i++) {
      fast.at(i)
      if (i % 3 === 0) read.push(slow.at(i / 3))
    }
    expect(read).toEqual(Array.from({ length: 1_000 }, (_, i) => all.at(i)))
  })
})

describe("SyntheticMarket retainMs bounds the shared shocks without changing any bar", () => {
  it("a long run's bars, and a symbol first asked at its end, equal a fresh unbounded market's", () => {
    const replays = vi.spyOn(MarketFactor.prototype, "replay")
    try {
      const kept = createSyntheticMarket({ seed: 11, startMs: START, retainMs: 10 * DAY })
      const symbols = ["BTC/USD", "ETH/USD", "SOL/USD"]
      for (let day = 1; day <= 400; day++) for (const symbol of symbols) kept.price(symbol, START + day * DAY - 1)
      const now = START + 400 * DAY
      // Every symbol walked in step: the shocks were read while held
      expect(replays).not.toHaveBeenCalled()
      const late = "XRP/USD"
      const lateBars = kept.candles(late, "15m", now - 5 * DAY, now)
      // Its shocks of a year ago were forgotten: it replayed them from the seed
      expect(replays).toHaveBeenCalled()
      const fresh = createSyntheticMarket({ seed: 11, startMs: START })
      for (const symbol of [...symbols, late])
        expect(rows(kept.candles(symbol, "15m", now - 5 * DAY, now))).toEqual(
          rows(fresh.candles(symbol, "15m", now - 5 * DAY, now))
        )
      expect(lateBars.length).toBe(5 * 96)
      expect(kept.price(late, now - 1)).toBe(fresh.price(late, now - 1))
    } finally {
      replays.mockRestore()
    }
  })
})
