import { Clock, Duration, Effect, type Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { decisionSettingsFromConfig } from "../decision/DecisionSettings.ts"
import { safetyParamsFromConfig } from "../decision/SafetyCycle.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { startExecution } from "../execution/Execution.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { recordedLeverage, universeOf } from "./LiveLayers.ts"
import { makeOperatorMemory, syncOperatorView } from "./OperatorSync.ts"
import { awaitVenueSync } from "./Startup.ts"
import { runTick, surviveTickFailure, type TickSettings } from "./Tick.ts"
import { watchTickersOf } from "./TickerWatch.ts"
import { runTickLoop } from "./TickLoop.ts"
import { makeTradingMemory } from "./TradingStage.ts"

const recordLifecycle = (eventType: "startup" | "shutdown", details: Record<string, unknown>) =>
  Effect.gen(function* () {
    const events = yield* SystemEventRepository
    yield* events.append(new SystemEvent({ timestamp: yield* Clock.currentTimeMillis, eventType, details }))
  })

/** `trading live`: record start-up, tick until `maxTicks` or a shutdown signal, record shutdown. */
export const liveProgram = (options: { readonly maxTicks: Option.Option<number> }) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    const clock = yield* MarketClock
    const symbols = yield* universeOf(config)
    const history = {
      "15m": config.data.history_days_15m,
      "1h": config.data.history_days_1h,
      "4h": config.data.history_days_4h,
      "1d": config.data.history_days_1d
    }
    const intervalMs = clock.realDelayMs(config.runtime.tick_interval_seconds * 1_000)
    yield* Effect.logInfo(
      `starting: mode=${config.mode} venue=${config.exchange.venue} symbols=${symbols.length} ` +
        `tick=${config.runtime.tick_interval_seconds}s (every ${intervalMs} ms real time)`
    )
    yield* Effect.logInfo("phase syncing: waiting for the exchange's account, positions and open orders")
    const venue = yield* awaitVenueSync
    yield* Effect.logInfo("phase reconciling: order intents of the last run, then the exchange's positions and orders")
    const started = yield* startExecution
    yield* Effect.logInfo(
      `intents resolved: ${JSON.stringify(started.intents.resolutions)}; takeover adopted ` +
        `${started.takeover.adopted.length} position(s), cancelled ${started.takeover.cancelledOrders} orphan order(s)`
    )
    yield* watchTickersOf(symbols)
    yield* Effect.logInfo(
      `phase ready: equity=${venue.account.equity} positions=${venue.positions.length} open_orders=${venue.openOrders.length}`
    )
    yield* recordLifecycle("startup", {
      mode: config.mode,
      venue: config.exchange.venue,
      symbols: symbols.length,
      equity: venue.account.equity.toString(),
      positions: venue.positions.length,
      open_orders: venue.openOrders.length
    })
    const settings: TickSettings = {
      symbols,
      history,
      decision: decisionSettingsFromConfig(config),
      safety: safetyParamsFromConfig(config),
      minFreshShare: config.data.min_fresh_symbols_pct
    }
    const memory = yield* makeTradingMemory
    const operatorMemory = yield* makeOperatorMemory
    const leverage = recordedLeverage(config)
    // The operator's view (positions table, alerts) follows the registry after every tick, failed ones included
    const tick = (n: number) =>
      surviveTickFailure(n)(runTick(n, settings, memory)).pipe(
        Effect.zipRight(syncOperatorView(operatorMemory, leverage))
      )
    yield* runTickLoop(tick, {
      interval: Duration.millis(intervalMs),
      maxTicks: options.maxTicks
    }).pipe(
      Effect.ensuring(
        recordLifecycle("shutdown", {}).pipe(Effect.zipRight(Effect.logInfo("stopped cleanly")), Effect.orDie)
      )
    )
  }).pipe(Effect.scoped)
