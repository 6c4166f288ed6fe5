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
      // 15m kept 30 days: one bar just inside, one just outside
      yield* candles.upsertMany([
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

      expect(report).toEqual({ candles: { "15m": 1, "1h": 1, "4h": 1 }, decisionTraces: 1 })
      expect(yield* candles.count("BTC/USD", "15m")).toBe(1)
      expect(yield* candles.count("BTC/USD", "1d")).toBe(1)
      const all = { from: 0, to: now + 1 }
      expect((yield* events.byType("decision_trace", all)).map((e) => e.timestamp)).toEqual([at(2)])
      expect(yield* events.byType("signal_generated", all)).toHaveLength(1)
    }).pipe(Effect.provide(storage))
  )
})
