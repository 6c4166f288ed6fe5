import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Candle } from "../../src/domain/Candle.ts"
import { type CandleSeries, seriesFromCandles } from "../../src/domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../../src/domain/Timeframe.ts"
import { CandleBuffer } from "../../src/market/CandleBuffer.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"

const H = timeframeMs["1h"]
const T0 = Date.UTC(2025, 0, 1)

const candle = (i: number, close = 100 + i, symbol = "BTC/USD", timeframe: Timeframe = "1h") =>
  new Candle({
    symbol,
    timeframe,
    openTime: T0 + i * timeframeMs[timeframe],
    open: 100,
    high: Math.max(100, close) + 1,
    low: Math.min(100, close) - 1,
    close,
    volume: 10 + i
  })

const bars = (from: number, to: number, symbol = "BTC/USD") =>
  seriesFromCandles(
    symbol,
    "1h",
    Array.from({ length: to - from }, (_, k) => candle(from + k, 100 + from + k, symbol))
  )

const openTimes = (s: CandleSeries) => Array.from(s.openTime.subarray(0, s.length))
const closes = (s: CandleSeries) => Array.from(s.close.subarray(0, s.length))

describe("CandleStore", () => {
  it.effect("appends newer bars, replaces the last bar with the same open time, ignores older bars", () =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      expect(yield* store.append(bars(0, 3))).toEqual({ appended: 3, replaced: 0, ignored: 0 })
      // An overlapping fetch: bar 1 is history, bar 2 is the forming bar's update, bars 3 and 4 are new
      const update = seriesFromCandles("BTC/USD", "1h", [candle(1, 50), candle(2, 222), candle(3), candle(4)])
      expect(yield* store.append(update)).toEqual({ appended: 2, replaced: 1, ignored: 1 })
      const s = yield* store.series("BTC/USD", "1h", { asOfMs: T0 + 10 * H })
      expect(openTimes(s)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * H))
      expect(closes(s)).toEqual([100, 101, 222, 103, 104])
      expect(yield* store.lastOpenTime("BTC/USD", "1h")).toEqual(Option.some(T0 + 4 * H))
      expect(yield* store.lastOpenTime("BTC/USD", "4h")).toEqual(Option.none())
    }).pipe(Effect.provide(CandleStore.layer))
  )

  it.effect("series returns closed bars only, as of the instant asked, and honours limit", () =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      yield* store.append(bars(0, 6))
      // At T0 + 5h + 30min the bar opened at T0 + 5h is still forming
      const now = T0 + 5 * H + 30 * 60_000
      expect(openTimes(yield* store.series("BTC/USD", "1h", { asOfMs: now }))).toEqual(
        [0, 1, 2, 3, 4].map((i) => T0 + i * H)
      )
      expect(openTimes(yield* store.series("BTC/USD", "1h", { asOfMs: T0 + 6 * H }))).toHaveLength(6)
      expect(openTimes(yield* store.series("BTC/USD", "1h", { asOfMs: now, limit: 2 }))).toEqual([
        T0 + 3 * H,
        T0 + 4 * H
      ])
      expect((yield* store.series("BTC/USD", "1h", { asOfMs: T0 + H - 1 })).length).toBe(0)
      expect((yield* store.series("ETH/USD", "1h", { asOfMs: now })).length).toBe(0)
    }).pipe(Effect.provide(CandleStore.layer))
  )

  it.effect("keeps only the newest maxBars bars per series", () =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      for (let i = 0; i < 50; i++) yield* store.append(bars(i, i + 1))
      yield* store.append(bars(50, 53))
      const s = yield* store.series("BTC/USD", "1h", { asOfMs: T0 + 100 * H })
      expect(openTimes(s)).toEqual([48, 49, 50, 51, 52].map((i) => T0 + i * H))
      expect(closes(s)).toEqual([148, 149, 150, 151, 152])
    }).pipe(Effect.provide(CandleStore.layerWith({ maxBars: 5 })))
  )

  it.effect("accepts candles of several symbols and timeframes at once and lists the symbols", () =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      const outcome = yield* store.append([
        candle(0, 100, "SOL/USD"),
        candle(0, 100, "ETH/USD", "4h"),
        candle(1, 101, "SOL/USD"),
        candle(1, 101, "ETH/USD", "4h")
      ])
      expect(outcome.appended).toBe(4)
      expect(yield* store.append(bars(0, 0, "XRP/USD"))).toEqual({ appended: 0, replaced: 0, ignored: 0 })
      expect(yield* store.symbols).toEqual(["ETH/USD", "SOL/USD"])
      expect((yield* store.series("ETH/USD", "4h", { asOfMs: T0 + 8 * H })).length).toBe(2)
      expect((yield* store.series("SOL/USD", "1h", { asOfMs: T0 + 8 * H })).length).toBe(2)
    }).pipe(Effect.provide(CandleStore.layer))
  )

  it.effect("refuses a whole input with an unsound, unaligned or unsorted bar, leaving the store untouched", () =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      yield* store.append(bars(0, 2))
      const inconsistent = { ...bars(2, 4), close: Float64Array.from([102, 500]) }
      const error = yield* Effect.flip(store.append(inconsistent))
      expect(error._tag).toBe("CandleRejected")
      expect([error.symbol, error.timeframe, error.openTime]).toEqual(["BTC/USD", "1h", T0 + 3 * H])
      expect(error.message).toContain("2025-01-01T03:00:00.000Z")
      const unaligned = { ...bars(2, 3), openTime: Float64Array.from([T0 + 2 * H + 1]) }
      expect((yield* Effect.flip(store.append(unaligned))).reason).toContain("boundary")
      const unsorted = seriesFromCandles("BTC/USD", "1h", [candle(5), candle(4)])
      expect((yield* Effect.flip(store.append(unsorted))).reason).toContain("not after")
      const mixed = [candle(2, 102, "ETH/USD"), candle(3, 103, "BTC/USD"), candle(3, 103, "BTC/USD")]
      expect((yield* Effect.flip(store.append(mixed))).symbol).toBe("BTC/USD")
      expect(yield* store.symbols).toEqual(["BTC/USD"])
      expect(yield* store.lastOpenTime("BTC/USD", "1h")).toEqual(Option.some(T0 + H))
    }).pipe(Effect.provide(CandleStore.layer))
  )

  it.effect("a zero maxBars is a defect", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(CandleStore.make({ maxBars: 0 }))
      expect(exit._tag).toBe("Failure")
    })
  )
})

describe("CandleBuffer", () => {
  it("series handed out never change: appends, replacements and compaction leave them intact", () => {
    const buffer = new CandleBuffer("BTC/USD", "1h", 4)
    buffer.append(bars(0, 3))
    const early = buffer.closed(T0 + 10 * H)
    expect(closes(early)).toEqual([100, 101, 102])
    // Replacing a bar that `early` shows (a correction) must copy, not write through
    expect(buffer.append(seriesFromCandles("BTC/USD", "1h", [candle(2, 7)]))).toEqual({
      appended: 0,
      replaced: 1,
      ignored: 0
    })
    for (let i = 3; i < 200; i++) buffer.append(bars(i, i + 1))
    expect(closes(early)).toEqual([100, 101, 102])
    expect(openTimes(early)).toEqual([0, 1, 2].map((i) => T0 + i * H))
    const late = buffer.closed(T0 + 300 * H)
    expect(closes(late)).toEqual([296, 297, 298, 299])
    expect(buffer.length).toBe(4)
  })

  it("replacing the forming bar writes in place when no series shows it", () => {
    const buffer = new CandleBuffer("BTC/USD", "1h", 10)
    buffer.append(bars(0, 3))
    const closed = buffer.closed(T0 + 2 * H)
    buffer.append(seriesFromCandles("BTC/USD", "1h", [candle(2, 99)]))
    expect(closes(closed)).toEqual([100, 101])
    expect(closes(buffer.closed(T0 + 3 * H))).toEqual([100, 101, 99])
  })

  it("append reports a refused bar with its index and reason and stores nothing", () => {
    const buffer = new CandleBuffer("BTC/USD", "1h", 10)
    const bad = { ...bars(0, 3), volume: Float64Array.from([1, Number.NaN, 1]) }
    const outcome = buffer.append(bad)
    expect(outcome).toMatchObject({ index: 1, openTime: T0 + H })
    expect(buffer.length).toBe(0)
    expect(buffer.lastOpenTime()).toBeUndefined()
  })
})
