import { describe, expect, it } from "@effect/vitest"
import { Candle } from "../../src/domain/Candle.ts"
import { type CandleSeries, seriesFromCandles } from "../../src/domain/CandleSeries.ts"
import { CandleCache } from "../../src/market/CandleCache.ts"

const HOUR = 3_600_000
const T0 = Date.UTC(2025, 0, 1)

const hours = (first: number, count: number): CandleSeries =>
  seriesFromCandles(
    "BTC/USD",
    "1h",
    Array.from({ length: count }, (_, i) => {
      const price = 100 + first + i
      const openTime = T0 + (first + i) * HOUR
      return new Candle({
        symbol: "BTC/USD",
        timeframe: "1h",
        openTime,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1
      })
    })
  )

const times = (s: CandleSeries | undefined) => Array.from(s?.openTime.subarray(0, s.length) ?? [])

describe("CandleCache", () => {
  it("fetches a series it does not hold, then hits until the next boundary, then continues from the newest bar", () => {
    const cache = new CandleCache(100, 60_000)
    const now = T0 + 3 * HOUR + 120_000
    const plan = cache.plan("BTC/USD", "1h", T0, now)
    expect(plan).toEqual({ _tag: "Fetch", sinceMs: T0, replace: true })
    expect(cache.store(hours(0, 3), plan, now)).toBeUndefined()
    expect(cache.plan("BTC/USD", "1h", T0 + HOUR, T0 + 4 * HOUR - 1)).toEqual({ _tag: "Hit" })
    expect(times(cache.read("BTC/USD", "1h", T0 + HOUR, now))).toEqual([T0 + HOUR, T0 + 2 * HOUR])
    expect(cache.plan("BTC/USD", "1h", T0, T0 + 4 * HOUR)).toEqual({
      _tag: "Fetch",
      sinceMs: T0 + 2 * HOUR,
      replace: false
    })
  })

  it("refetches from the start when asked for bars older than it holds", () => {
    const cache = new CandleCache(100, 60_000)
    const now = T0 + 3 * HOUR + 120_000
    cache.store(hours(1, 2), { _tag: "Fetch", sinceMs: T0 + HOUR, replace: true }, now)
    expect(cache.plan("BTC/USD", "1h", T0, now)).toEqual({ _tag: "Fetch", sinceMs: T0, replace: true })
  })

  it("does not trust a fetch made just after a boundary that lacked the boundary's bar", () => {
    const cache = new CandleCache(100, 60_000)
    const justAfter = T0 + 3 * HOUR + 10_000
    cache.store(hours(0, 2), { _tag: "Fetch", sinceMs: T0, replace: true }, justAfter)
    expect(cache.plan("BTC/USD", "1h", T0, justAfter + 1_000)._tag).toBe("Fetch")
    const settled = T0 + 3 * HOUR + 61_000
    cache.store(hours(1, 1), { _tag: "Fetch", sinceMs: T0 + HOUR, replace: false }, settled)
    expect(cache.plan("BTC/USD", "1h", T0, settled + 1_000)).toEqual({ _tag: "Hit" })
  })

  it("refuses an unsound batch whole and keeps what it held", () => {
    const cache = new CandleCache(100, 60_000)
    const now = T0 + 5 * HOUR
    cache.store(hours(0, 2), { _tag: "Fetch", sinceMs: T0, replace: true }, now)
    const unordered = seriesFromCandles(
      "BTC/USD",
      "1h",
      [...cache.read("BTC/USD", "1h", T0, now)!.openTime]
        .reverse()
        .map(
          (openTime) =>
            new Candle({ symbol: "BTC/USD", timeframe: "1h", openTime, open: 1, high: 1, low: 1, close: 1, volume: 1 })
        )
    )
    expect(cache.store(unordered, { _tag: "Fetch", sinceMs: T0, replace: false }, now)?.reason).toBeDefined()
    expect(times(cache.read("BTC/USD", "1h", T0, now))).toEqual([T0, T0 + HOUR])
  })

  it("keeps at most maxBars and then holds only from the oldest bar kept", () => {
    const cache = new CandleCache(3, 60_000)
    const now = T0 + 6 * HOUR + 120_000
    cache.store(hours(0, 6), { _tag: "Fetch", sinceMs: T0, replace: true }, now)
    expect(times(cache.read("BTC/USD", "1h", T0, now))).toEqual([T0 + 3 * HOUR, T0 + 4 * HOUR, T0 + 5 * HOUR])
    expect(cache.plan("BTC/USD", "1h", T0, now)._tag).toBe("Fetch")
    expect(cache.plan("BTC/USD", "1h", T0 + 3 * HOUR, now + 1)._tag).toBe("Hit")
  })
})
