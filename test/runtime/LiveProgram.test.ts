import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Option, TestClock } from "effect"
import { AppConfig } from "../../src/config/AppConfig.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { decisionSettingsFromConfig } from "../../src/decision/DecisionSettings.ts"
import { ApiCircuitBreaker } from "../../src/decision/GuardedExchange.ts"
import { safetyParamsFromConfig } from "../../src/decision/SafetyCycle.ts"
import { TIMEFRAMES, timeframeMs } from "../../src/domain/Timeframe.ts"
import { Exchange } from "../../src/exchange/Exchange.ts"
import { Transient } from "../../src/exchange/ExchangeErrors.ts"
import { trailSettingsFromConfig } from "../../src/execution/Trailing.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { liveLayer } from "../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../src/runtime/LiveProgram.ts"
import { runTick, type TickSettings } from "../../src/runtime/Tick.ts"
import { makeTradingMemory } from "../../src/runtime/TradingStage.ts"
import { AccountStateRepository } from "../../src/storage/AccountStateRepository.ts"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"

const SIM_START = Date.parse("2025-01-01T00:00:00Z")

const config = testConfigSync({
  config: {
    exchange: { sim: { symbols: ["BTC/USD", "ETH/USD"] } },
    storage: { sqlite_path: ":memory:", positions_db_path: ":memory:" },
    dashboard: { enabled: false },
    data: { history_days_15m: 2, history_days_1h: 3, history_days_4h: 10, history_days_1d: 30 }
  }
})

const layer = liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))

describe("trading live on the embedded simulated venue", () => {
  it.effect(
    "syncs with the venue through the Kraken adapter, then ticks on the accelerated clock, storing closed candles",
    () =>
      Effect.gen(function* () {
        const fiber = yield* liveProgram({ maxTicks: Option.some(3) }).pipe(Effect.fork)
        // 60 s ticks at speed 60: one test-clock second per tick. The test clock moves in small steps with real
        // pauses between them, so each tick's socket work finishes before the next tick is due.
        const realPause = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 25)))
        for (let step = 0; step < 400 && (yield* Fiber.poll(fiber))._tag === "None"; step++) {
          yield* TestClock.adjust(Duration.millis(100))
          yield* realPause
        }
        yield* Fiber.join(fiber)

        const events = yield* SystemEventRepository
        const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
        const ticks = yield* events.byType("tick_completed", all)
        expect(ticks.map((e) => e.details.tick)).toEqual([1, 2, 3])
        // The first tick follows the venue sync; then one tick per 60 market seconds (the exact cadence is
        // TickLoop's test; here a tick's real socket work may span one or two of the test clock's steps)
        const [first, second, third] = ticks.map((e) => Date.parse(String(e.details.market_time)))
        expect(first).toBeGreaterThanOrEqual(SIM_START)
        expect(first).toBeLessThan(SIM_START + 60_000)
        for (const gap of [(second ?? 0) - (first ?? 0), (third ?? 0) - (second ?? 0)]) {
          expect(gap).toBeGreaterThanOrEqual(54_000)
          expect(gap).toBeLessThan(90_000)
        }
        // Operational records carry real (here: test) clock time, about one second apart at speed 60
        expect(ticks[2]!.timestamp - ticks[0]!.timestamp).toBeGreaterThanOrEqual(1_800)
        expect(ticks[2]!.timestamp - ticks[0]!.timestamp).toBeLessThan(3_000)
        const snapshots = yield* (yield* AccountStateRepository).latest
        expect(Option.map(snapshots, (a) => a.equity.toString())).toEqual(Option.some("10000"))
        const [startup] = yield* events.byType("startup", all)
        expect(startup?.details).toMatchObject({ equity: "10000", positions: 0, open_orders: 0 })
        expect(yield* events.byType("startup", all)).toHaveLength(1)
        expect(ticks.map((e) => e.details.equity)).toEqual(["10000", "10000", "10000"])
        expect(yield* events.byType("shutdown", all)).toHaveLength(1)

        // The first tick loads the configured history; later ticks add only bars that closed since
        const repository = yield* CandleRepository
        expect(yield* repository.count("BTC/USD", "15m")).toBe(2 * 96)
        expect(yield* repository.count("ETH/USD", "1d")).toBe(30)
        const lastTickTime = third ?? 0
        for (const timeframe of TIMEFRAMES) {
          const [newest] = yield* repository.latest("BTC/USD", timeframe, 1)
          expect(newest).toBeDefined()
          expect((newest?.openTime ?? 0) + timeframeMs[timeframe]).toBeLessThanOrEqual(lastTickTime)
        }

        // Memory and database hold the same bars
        const store = yield* CandleStore
        const inMemory = yield* store.series("ETH/USD", "4h", { asOfMs: lastTickTime })
        const stored = yield* repository.range("ETH/USD", "4h", { from: 0, to: lastTickTime })
        expect(inMemory.length).toBe(stored.length)
        expect(Array.from(inMemory.close.subarray(0, inMemory.length))).toEqual(stored.map((c) => c.close))
      }).pipe(Effect.provide(layer))
  )

  it.live("every order call goes through the API circuit breaker; while it is open the tick is skipped", () =>
    Effect.gen(function* () {
      const breaker = yield* ApiCircuitBreaker
      const failure = new Transient({ operation: "test", reason: "venue down" })
      for (let i = 0; i < config.exchange.circuit_breaker_failure_threshold; i++) {
        yield* Effect.flip(breaker.guard("test", Effect.fail(failure)))
      }
      expect(yield* breaker.isOpen).toBe(true)
      const refused = yield* Effect.flip((yield* Exchange).cancelAll)
      expect(refused.message).toContain("circuit breaker open")
      const memory = yield* makeTradingMemory
      const settings: TickSettings = {
        symbols: [],
        history: { "15m": 1, "1h": 1, "4h": 1, "1d": 1 },
        decision: decisionSettingsFromConfig(config),
        trail: trailSettingsFromConfig(config),
        safety: safetyParamsFromConfig(config),
        minFreshShare: 0.5
      }
      yield* runTick(1, settings, memory)
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      expect(yield* (yield* SystemEventRepository).byType("tick_completed", all)).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})
