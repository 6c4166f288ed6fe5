import { Clock, Duration, Effect, type Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { universeOf } from "./LiveLayers.ts"
import { awaitVenueSync } from "./Startup.ts"
import { runTick, surviveTickFailure } from "./Tick.ts"
import { runTickLoop } from "./TickLoop.ts"

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
    yield* runTickLoop((n) => surviveTickFailure(n)(runTick(n, { symbols, history })), {
      interval: Duration.millis(intervalMs),
      maxTicks: options.maxTicks
    }).pipe(
      Effect.ensuring(
        recordLifecycle("shutdown", {}).pipe(Effect.zipRight(Effect.logInfo("stopped cleanly")), Effect.orDie)
      )
    )
  })
