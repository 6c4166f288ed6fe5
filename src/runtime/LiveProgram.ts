import { Cause, Clock, Duration, Effect, Exit, Fiber, type Option, Ref } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { decisionSettingsFromConfig, recordedLeverage } from "../decision/DecisionSettings.ts"
import { safetyParamsFromConfig } from "../decision/SafetyCycle.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { startExecution } from "../execution/Execution.ts"
import { trailSettingsFromConfig } from "../execution/Trailing.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { AlertSink } from "../monitoring/AlertSink.ts"
import { TradingEvent } from "../monitoring/TradingEvent.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { startDatabaseMaintenance } from "./background/DatabaseMaintenance.ts"
import { stopGracefully } from "./background/GracefulShutdown.ts"
import { startOrderPolling } from "./background/OrderPolling.ts"
import { makeOperatorMemory, syncOperatorView } from "./OperatorSync.ts"
import { awaitVenueSync, protectBeforeFirstTick } from "./Startup.ts"
import { runTick, surviveTickFailure, type TickSettings } from "./Tick.ts"
import { watchTickersOf } from "./TickerWatch.ts"
import { runTickLoop } from "./TickLoop.ts"
import { makeTradingMemory } from "./TradingStage.ts"
import { TradingUniverse } from "./venue/Universe.ts"

const recordStartup = (details: Record<string, unknown>) =>
  Effect.gen(function* () {
    const events = yield* SystemEventRepository
    yield* events.append(new SystemEvent({ timestamp: yield* Clock.currentTimeMillis, eventType: "startup", details }))
  })

/** Why the loop ended, when not cleanly (a shutdown signal or `maxTicks` is clean): the cause's first line. */
const stopFailure = (exit: Exit.Exit<unknown, unknown>): string | undefined =>
  Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause) ? Cause.pretty(exit.cause).split("\n")[0] : undefined

/**
 * `trading live`: record and alert start-up (phase ready, mode, venue), tick until `maxTicks` or a shutdown
 * signal (an interruption: SIGTERM/SIGINT), then the graceful stop bounded by `runtime.shutdown_timeout_seconds`
 * (the `shutdown` event), then alert it. Background loops beside the ticks: protection monitor, order polling,
 * database maintenance. A stop past its bound ends the program with a `ShutdownTimedOut` defect: exit non-zero.
 */
export const liveProgram = (options: { readonly maxTicks: Option.Option<number> }) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    const clock = yield* MarketClock
    const universe = yield* TradingUniverse
    const symbols = yield* universe.symbols
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
    yield* protectBeforeFirstTick
    yield* startOrderPolling(Duration.seconds(config.runtime.order_poll_interval_seconds))
    yield* startDatabaseMaintenance(config.storage.retention)
    yield* watchTickersOf(symbols)
    yield* Effect.logInfo(
      `phase ready: equity=${venue.account.equity} positions=${venue.positions.length} open_orders=${venue.openOrders.length}`
    )
    yield* recordStartup({
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
      trail: trailSettingsFromConfig(config),
      safety: safetyParamsFromConfig(config),
      minFreshShare: config.data.min_fresh_symbols_pct,
      decisionTraceLevel: config.logging.decision_trace,
      decisionTraceIntervalMs: config.runtime.decision_trace_interval_minutes * 60_000
    }
    const sink = yield* AlertSink
    yield* sink.notify(
      TradingEvent.Started({
        facts: {
          mode: config.mode,
          venue: config.exchange.venue,
          symbols: symbols.length,
          equity: venue.account.equity,
          positions: venue.positions.length,
          openOrders: venue.openOrders.length
        }
      })
    )
    const memory = yield* makeTradingMemory
    const operatorMemory = yield* makeOperatorMemory
    const leverage = recordedLeverage(config)
    const lastTick = yield* Ref.make(0)
    // The operator's view (positions table, alerts) follows the registry after every tick, failed ones included
    const tick = (n: number) =>
      // Each tick reads the universe afresh: discovery may have refreshed it (venue kraken)
      surviveTickFailure(n)(
        Effect.flatMap(universe.symbols, (now) => runTick(n, { ...settings, symbols: now }, memory))
      ).pipe(Effect.zipRight(syncOperatorView(operatorMemory, leverage)), Effect.zipRight(Ref.set(lastTick, n)))
    // The shutdown alert is queued before the alert channels close (they deliver what is queued on the way out)
    const stopped = (exit: Exit.Exit<unknown, unknown>) =>
      Effect.flatMap(Ref.get(lastTick), (ticks) =>
        sink.notify(TradingEvent.Stopped({ ticks, failure: stopFailure(exit) }))
      )
    // A daemon, so a tick that hangs past the shutdown bound cannot hold the stop (or the process) hostage
    const loop = yield* Effect.forkDaemon(
      runTickLoop(tick, { interval: Duration.millis(intervalMs), maxTicks: options.maxTicks })
    )
    const stop = (reason: string, ended: Exit.Exit<unknown, unknown>) =>
      Effect.gen(function* () {
        const timeout = Duration.seconds(config.runtime.shutdown_timeout_seconds)
        const stopExit = yield* Effect.exit(stopGracefully(loop, { timeout, reason }))
        yield* stopped(Exit.isFailure(stopExit) ? stopExit : ended)
        yield* Effect.orDie(stopExit)
      })
    const ended = yield* Fiber.await(loop).pipe(Effect.onInterrupt(() => stop("signal", Exit.void)))
    yield* stop("max_ticks", ended)
    return yield* ended
  }).pipe(Effect.scoped)
