import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { AppConfig } from "../../src/config/AppConfig.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { decisionSettingsFromConfig } from "../../src/decision/DecisionSettings.ts"
import { ApiCircuitBreaker } from "../../src/decision/GuardedExchange.ts"
import { safetyParamsFromConfig } from "../../src/decision/SafetyCycle.ts"
import { NoSignal } from "../../src/domain/Signal.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import { trailSettingsFromConfig } from "../../src/execution/Trailing.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { MarketClock } from "../../src/market/MarketClock.ts"
import { MarketDataSource } from "../../src/market/MarketDataSource.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { runTick, surviveTickFailure, type TickSettings } from "../../src/runtime/Tick.ts"
import { makeTradingMemory } from "../../src/runtime/TradingStage.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { StrategyEngine } from "../../src/strategy/StrategyEngine.ts"
import { barTime, flat, START, scriptedSim, stopsOn } from "../execution/InProcessRig.ts"
import {
  BTC,
  freshStorage,
  openedThroughExecutor,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "../execution/SimRig.ts"

const layer = Layer.merge(StorageLive({ databaseUrl: Option.none(), sqlitePath: ":memory:" }), MarketClock.live)
const everything = { from: 0, to: Number.MAX_SAFE_INTEGER }

describe("surviveTickFailure", () => {
  it.effect("a failed or crashed tick is recorded as an error event and does not fail the loop", () =>
    Effect.gen(function* () {
      yield* surviveTickFailure(4)(Effect.fail("candles unavailable"))
      yield* surviveTickFailure(5)(Effect.die(new Error("unexpected defect")))
      const errors = yield* (yield* SystemEventRepository).byType("error", everything)
      expect(errors.map((e) => e.details.tick)).toEqual([4, 5])
      expect(String(errors[0]?.details.failure)).toContain("candles unavailable")
      expect(String(errors[1]?.details.failure)).toContain("unexpected defect")
    }).pipe(Effect.provide(layer))
  )

  it.effect("a failed tick is reported to the alert sink when the process has one", () =>
    Effect.gen(function* () {
      const reported: Array<readonly [string, string]> = []
      const sink = Layer.succeed(AlertSink, {
        notify: () => Effect.void,
        reportError: (kind, message) => Effect.sync(() => void reported.push([kind, message]))
      })
      yield* surviveTickFailure(7)(Effect.fail("venue unreachable")).pipe(Effect.provide(sink))
      expect(reported.map(([kind]) => kind)).toEqual(["tick"])
      expect(reported[0]?.[1]).toContain("venue unreachable")
    }).pipe(Effect.provide(layer))
  )

  it.effect("a successful tick records nothing", () =>
    Effect.gen(function* () {
      yield* surviveTickFailure(1)(Effect.void)
      expect(yield* (yield* SystemEventRepository).byType("error", everything)).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})

// Entry 50 000 (stop 49 000, TP1 50 750): TP1 fills on bar 4, the price then holds 50 800.
const TP1_THEN_FLAT = [...flat(50_000, 4), [50_000, 50_800, 50_000, 50_800] as const, ...flat(50_800, 3)]
const config = testConfigSync({ config: { storage: { sqlite_path: ":memory:", positions_db_path: ":memory:" } } })

/** The venue's one working stop reaches `price`. */
const stopAt = (exchange: ExchangeService, price: number) =>
  until(
    Effect.map(
      stopsOn(exchange),
      (stops) => stops.length === 1 && stops[0]!.triggerPrice.pipe(Option.exists((p) => p.eq(price)))
    )
  )

/** A strategy whose every analysis finds no setup but measures an ATR of `atr`. */
const measuringAtr = (atr: number) =>
  Layer.succeed(StrategyEngine, {
    analyze: (symbol) =>
      Effect.succeed(
        new NoSignal({
          timestamp: barTime(5),
          symbol,
          code: "SCORE_BELOW_THRESHOLD",
          regime: "wide_structure",
          atr,
          reasoning: []
        })
      )
  })

/** What a tick runs on besides the execution services: candles, a clock at `now`, the API breaker. */
const tickServices = (now: number) =>
  Layer.mergeAll(
    CandleStore.layerWith({ maxBars: 1_000 }),
    MarketDataSource.synthetic({ seed: 1, startMs: START - 7 * 86_400_000, symbols: ["BTC/USD"] }),
    Layer.succeed(MarketClock, { now: Effect.succeed(now), realDelayMs: (ms: number) => ms }),
    ApiCircuitBreaker.layer.pipe(Layer.provide(AppConfig.layerFrom(config)))
  )

describe("runTick: the trailing step", () => {
  it.scopedLive("outside SAFE_HOLD, the tick trails the stop by its analysis' ATR on the markets it read", () =>
    Effect.gen(function* () {
      const { venue, exchange, control } = yield* scriptedSim(TP1_THEN_FLAT)
      yield* exchange.watchTickers([XBT])
      yield* Effect.gen(function* () {
        yield* openedThroughExecutor(venue)
        yield* control.advanceTo(barTime(5)) // TP1 filled: break-even moves the stop to the entry
        yield* stopAt(exchange, 50_000)
        const settings: TickSettings = {
          symbols: [BTC],
          history: { "15m": 1, "1h": 1, "4h": 1, "1d": 1 },
          decision: decisionSettingsFromConfig(config),
          trail: trailSettingsFromConfig(config),
          safety: safetyParamsFromConfig(config),
          minFreshShare: 0
        }
        yield* runTick(1, settings, yield* makeTradingMemory)
        // 50 800 − 1.5 × 300 (the configured multiplier)
        yield* stopAt(exchange, 50_350)
      }).pipe(
        Effect.provide(
          Layer.mergeAll(measuringAtr(300), tickServices(barTime(5))).pipe(
            Layer.provideMerge(supervisedLayer(exchange, tempRegistryFile(), freshStorage()))
          )
        )
      )
    })
  )
})
