import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { applyRetention } from "../../src/storage/Retention.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { candle, event, T0 } from "./fixtures.ts"

const DAY = 86_400_000
const storage = RepositoriesLive.pipe(
  Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

describe("applyRetention", () => {
  it.effect("deletes candles and decision traces past their age and keeps what has no age", () =>
    Effect.gen(function* () {
      const candles = yield* CandleRepository
      const events = yield* SystemEventRepository
      const now = T0 + 400 * DAY
      yield* TestClock.setTime(now)
      const at = (daysAgo: number) => now - daysAgo * DAY
      // 15m kept 30 days: one bar just inside, one just outside; the newest bar is current (a live database)
      yield* candles.upsertMany([
        candle(0, { timeframe: "15m", openTime: now }),
        candle(0, { timeframe: "15m", openTime: at(30) + 900_000 }),
        candle(0, { timeframe: "15m", openTime: at(31) }),
        candle(0, { timeframe: "1h", openTime: at(91) }),
        candle(0, { timeframe: "4h", openTime: at(366) }),
        candle(0, { timeframe: "1d", openTime: at(399) })
      ])
      yield* events.append(event({ timestamp: at(4) }))
      yield* events.append(event({ timestamp: at(2) }))
      yield* events.append(event({ timestamp: at(10), eventType: "signal_generated" }))

      const report = yield* applyRetention({
        candles_15m_days: 30,
        candles_1h_days: 90,
        candles_4h_days: 365,
        candles_1d_days: null,
        decision_trace_days: 3
      })

      expect(report).toEqual({ reference: now, candles: { "15m": 1, "1h": 1, "4h": 1 }, decisionTraces: 1 })
      expect(yield* candles.count("BTC/USD", "15m")).toBe(2)
      expect(yield* candles.count("BTC/USD", "1d")).toBe(1)
      const all = { from: 0, to: now + 1 }
      expect((yield* events.byType("decision_trace", all)).map((e) => e.timestamp)).toEqual([at(2)])
      expect(yield* events.byType("signal_generated", all)).toHaveLength(1)
    }).pipe(Effect.provide(storage))
  )

  describe("counts ages back from the earliest of the real clock, the newest stored candle and the market clock", () => {
    const REAL_NOW = T0 + 600 * DAY
    const RETENTION = {
      candles_15m_days: 30,
      candles_1h_days: null,
      candles_4h_days: null,
      candles_1d_days: null,
      decision_trace_days: 3
    }
    /** A database whose newest 15m bar opened at `newest`, one bar 31 days before it, one decision trace 4 days before. */
    const seeded = (newest: number) =>
      Effect.gen(function* () {
        yield* TestClock.setTime(REAL_NOW)
        yield* (yield* CandleRepository).upsertMany([
          candle(0, { timeframe: "15m", openTime: newest }),
          candle(0, { timeframe: "15m", openTime: newest - 31 * DAY })
        ])
        yield* (yield* SystemEventRepository).append(event({ timestamp: newest - 4 * DAY }))
      })

    it.effect("a simulator's database, its market years behind: from its newest candle, not the real clock", () =>
      Effect.gen(function* () {
        const marketNow = REAL_NOW - 500 * DAY
        yield* seeded(marketNow)
        // Counted from the real clock, both bars and the trace would be over a year old and gone
        expect(yield* applyRetention(RETENTION)).toEqual({
          reference: marketNow,
          candles: { "15m": 1 },
          decisionTraces: 1
        })
        expect(yield* (yield* CandleRepository).count("BTC/USD", "15m")).toBe(1)
      }).pipe(Effect.provide(storage))
    )

    it.effect("a market clock behind the newest candle (an earlier run got further): from the market clock", () =>
      Effect.gen(function* () {
        const newest = REAL_NOW - 500 * DAY
        yield* seeded(newest)
        // The market restarted 20 days before the newest stored bar: nothing is 30 days older than its "now"
        expect(yield* applyRetention(RETENTION, newest - 20 * DAY)).toEqual({
          reference: newest - 20 * DAY,
          candles: { "15m": 0 },
          decisionTraces: 0
        })
      }).pipe(Effect.provide(storage))
    )

    it.effect("a market clock and candles ahead of the real clock (accelerated): from the real clock", () =>
      Effect.gen(function* () {
        const marketNow = REAL_NOW + 20 * DAY
        yield* seeded(marketNow)
        // 31 market days back is 11 real days: kept; the trace, 4 market days back, is in the real future
        expect(yield* applyRetention(RETENTION, marketNow)).toEqual({
          reference: REAL_NOW,
          candles: { "15m": 0 },
          decisionTraces: 0
        })
      }).pipe(Effect.provide(storage))
    )

    it.effect("no candles stored: from the real clock, or the market clock when that is earlier", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(REAL_NOW)
        expect((yield* applyRetention(RETENTION)).reference).toBe(REAL_NOW)
        expect((yield* applyRetention(RETENTION, REAL_NOW - DAY)).reference).toBe(REAL_NOW - DAY)
      }).pipe(Effect.provide(storage))
    )
  })
})
