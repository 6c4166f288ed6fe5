import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import { MarketClock } from "../../../src/market/MarketClock.ts"
import { maintainDatabase } from "../../../src/runtime/background/DatabaseMaintenance.ts"
import { CandleRepository } from "../../../src/storage/CandleRepository.ts"
import { databaseLayer } from "../../../src/storage/Database.ts"
import { RepositoriesLive } from "../../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { candle, event } from "../../storage/fixtures.ts"

const DAY = 86_400_000
const REAL_NOW = Date.UTC(2026, 11, 6)
const MARKET_START = Date.UTC(2025, 0, 1)
const RETENTION = {
  candles_15m_days: 30,
  candles_1h_days: 90,
  candles_4h_days: 365,
  candles_1d_days: null,
  decision_trace_days: 3
}

const storage = RepositoriesLive.pipe(
  Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

/** Storage and a market clock started at `startMs` with `speed`, the test clock at the real "now". */
const withMarket = (startMs: number, speed: number) => Layer.merge(storage, MarketClock.accelerated({ startMs, speed }))

describe("database maintenance", () => {
  it.effect("counts ages on the market clock the simulator's rows carry, never on the real clock ahead of it", () =>
    Effect.gen(function* () {
      const candles = yield* CandleRepository
      const events = yield* SystemEventRepository
      // Ten simulated days have passed: the market clock reads 2025-01-11 while the real one reads 2026-12-06
      yield* TestClock.adjust(10 * 60_000)
      const marketNow = MARKET_START + 10 * DAY
      yield* candles.upsertMany([
        candle(0, { timeframe: "15m", openTime: marketNow }),
        candle(0, { timeframe: "15m", openTime: marketNow - 5 * DAY }),
        candle(0, { timeframe: "15m", openTime: marketNow - 31 * DAY }),
        candle(0, { timeframe: "1h", openTime: marketNow - 9 * DAY })
      ])
      yield* events.append(event({ timestamp: marketNow - DAY }))
      yield* events.append(event({ timestamp: marketNow - 4 * DAY }))

      const report = yield* maintainDatabase(RETENTION)

      // Against the real clock (2026) every one of these rows would be over a year old and gone
      expect(report).toEqual({ reference: marketNow, candles: { "15m": 1, "1h": 0, "4h": 0 }, decisionTraces: 1 })
      expect(yield* candles.count("BTC/USD", "15m")).toBe(2)
      expect(yield* candles.count("BTC/USD", "1h")).toBe(1)
      const traces = yield* events.byType("decision_trace", { from: 0, to: Number.MAX_SAFE_INTEGER })
      expect(traces.map((e) => e.timestamp)).toEqual([marketNow - DAY])
    }).pipe(
      Effect.provide(withMarket(MARKET_START, 1_440)),
      Effect.provide(Layer.effectDiscard(TestClock.setTime(REAL_NOW)))
    )
  )

  it.effect("a market clock accelerated past the real one counts from the real clock: rows are kept, not lost", () =>
    Effect.gen(function* () {
      const candles = yield* CandleRepository
      // The simulated clock starts 20 days ahead of the real one
      const marketNow = REAL_NOW + 20 * DAY
      yield* candles.upsertMany([
        candle(0, { timeframe: "15m", openTime: marketNow }),
        candle(0, { timeframe: "15m", openTime: marketNow - 40 * DAY }),
        candle(0, { timeframe: "15m", openTime: marketNow - 60 * DAY })
      ])
      const report = yield* maintainDatabase(RETENTION)
      // 40 market days old is 20 real days: kept; 60 market days is 40 real days: gone
      expect(report.reference).toBe(REAL_NOW)
      expect(report.candles["15m"]).toBe(1)
      const kept = yield* candles.latest("BTC/USD", "15m", 5)
      expect(kept.map((c) => c.openTime)).toEqual([marketNow - 40 * DAY, marketNow])
    }).pipe(
      Effect.provide(withMarket(REAL_NOW + 20 * DAY, 1)),
      Effect.provide(Layer.effectDiscard(TestClock.setTime(REAL_NOW)))
    )
  )

  it.effect(
    "a market clock behind the database's newest candle counts from the market clock: its history is kept",
    () =>
      Effect.gen(function* () {
        const candles = yield* CandleRepository
        // An earlier run of the simulator got 60 market days further than this one, which starts at MARKET_START
        yield* candles.upsertMany([
          candle(0, { timeframe: "15m", openTime: MARKET_START + 60 * DAY }),
          candle(0, { timeframe: "15m", openTime: MARKET_START - 20 * DAY })
        ])
        const report = yield* maintainDatabase(RETENTION)
        // From the newest candle the 20-day-old bar this run reads as history would be 80 days old and gone
        expect(report.reference).toBe(MARKET_START)
        expect(report.candles["15m"]).toBe(0)
        expect(yield* candles.count("BTC/USD", "15m")).toBe(2)
      }).pipe(
        Effect.provide(withMarket(MARKET_START, 1)),
        Effect.provide(Layer.effectDiscard(TestClock.setTime(REAL_NOW)))
      )
  )
})
