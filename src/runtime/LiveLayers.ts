import { FetchHttpClient } from "@effect/platform"
import { Context, Duration, Effect, Layer, Option, Schema } from "effect"
import type { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { recordedLeverage } from "../decision/DecisionSettings.ts"
import { ApiCircuitBreaker, guardedExchange } from "../decision/GuardedExchange.ts"
import type { UnrecognisedSymbol } from "../domain/Symbols.ts"
import { Exchange } from "../exchange/Exchange.ts"
import type { Transient } from "../exchange/ExchangeErrors.ts"
import { krakenEndpoints } from "../exchange/kraken/KrakenVenue.ts"
import { executionLayer } from "../execution/Execution.ts"
import { CandleStore } from "../market/CandleStore.ts"
import type { MarketClock } from "../market/MarketClock.ts"
import type { MarketDataSource } from "../market/MarketDataSource.ts"
import { AlertSink } from "../monitoring/AlertSink.ts"
import { meteredExchange } from "../monitoring/ExchangeMetrics.ts"
import { alertOnExecution } from "../monitoring/ExecutionAlerts.ts"
import { OperatorSurfacesLive } from "../monitoring/OperatorSurfaces.ts"
import { SqlSafetyStoreLive } from "../safety/SqlSafetyStore.ts"
import { databaseLayer, databaseSettingsOf } from "../storage/Database.ts"
import { RepositoriesLive } from "../storage/Storage.ts"
import { StrategyEngine } from "../strategy/StrategyEngine.ts"
import { strategyParamsFromConfig } from "../strategy/StrategyParamsFromConfig.ts"
import { embeddedVenueLayer } from "./EmbeddedVenue.ts"
import type { MissingCredential } from "./venue/Credentials.ts"
import type { UniverseUnavailable } from "./venue/DiscoveredUniverse.ts"
import { externalSimVenueLayer } from "./venue/ExternalSimVenue.ts"
import { krakenPaperVenueLayer, type PricesUnavailable } from "./venue/KrakenPaperVenue.ts"
import { krakenLiveVenueLayer } from "./venue/KrakenVenue.ts"
import type { MarketTimeUnavailable } from "./venue/SimServerClock.ts"
import { TradingUniverse } from "./venue/Universe.ts"

/** A configured choice the running build cannot serve yet: refuse to start rather than run something else. */
export class VenueNotAvailable extends Schema.TaggedError<VenueNotAvailable>()("VenueNotAvailable", {
  key: Schema.String,
  value: Schema.String,
  issue: Schema.Number
}) {
  override get message(): string {
    return `${this.key}: '${this.value}' is not available yet (tracked in issue #${this.issue}); use the defaults`
  }
}

/** What a venue provides the live loop, and why it may refuse to start. */
type VenueLayer = Layer.Layer<
  Exchange | MarketClock | MarketDataSource | TradingUniverse,
  | VenueNotAvailable
  | MissingCredential
  | MarketTimeUnavailable
  | PricesUnavailable
  | UniverseUnavailable
  | UnrecognisedSymbol
  | Transient,
  AppConfig
>

/** `exchange.venue: sim`: a `trading sim-server` at `sim.url` over the Kraken wire, else the embedded simulator. */
const simulatedVenue = (config: AppConfigShape): VenueLayer => {
  const sim = config.exchange.sim
  const endpoints = krakenEndpoints(config.exchange)
  if (Option.isSome(endpoints)) return externalSimVenueLayer(config, endpoints.value)
  if (sim.data !== "synthetic") {
    return Layer.fail(new VenueNotAvailable({ key: "exchange.sim.data", value: sim.data, issue: 5 }))
  }
  return Layer.merge(embeddedVenueLayer(config), TradingUniverse.fixed(config))
}

/** `exchange.venue: kraken`: real orders in `mode: live`; in `mode: paper`, Kraken's prices with simulated fills. */
const krakenVenue = (config: AppConfigShape): VenueLayer =>
  config.mode === "live" ? krakenLiveVenueLayer(config) : krakenPaperVenueLayer(config)

const venueLayer = (config: AppConfigShape): VenueLayer =>
  config.exchange.venue === "sim" ? simulatedVenue(config) : krakenVenue(config)

/**
 * The venue with every exchange call going through the process's one API circuit breaker (trading-core §8.7):
 * the same services, the `Exchange` replaced by its guarded form, and the breaker itself for the tick to read.
 */
const guardedVenue = (config: AppConfigShape) =>
  Layer.effectContext(
    Effect.gen(function* () {
      const venue = yield* Effect.context<Exchange | MarketClock | MarketDataSource | TradingUniverse>()
      // Metered inside the breaker: only calls that reached the venue count (orders by result, API errors by kind)
      const metered = meteredExchange(Context.get(venue, Exchange))
      return Context.add(venue, Exchange, guardedExchange(metered, yield* ApiCircuitBreaker))
    })
  ).pipe(Layer.provide(venueLayer(config)), Layer.provideMerge(ApiCircuitBreaker.layer))

/**
 * The configured database with every repository and the persisted safety state, on one connection. The
 * repositories migrate first; the safety store's own migration check then finds nothing to do.
 */
const storageLayer = (config: AppConfigShape) =>
  SqlSafetyStoreLive.pipe(
    Layer.provideMerge(RepositoriesLive),
    Layer.provideMerge(databaseLayer(databaseSettingsOf(config)))
  )

/** The execution services over the registry file, their alerts going to the operator's alert sink. */
const liveExecution = (config: AppConfigShape) =>
  Layer.unwrapEffect(
    Effect.map(AlertSink, (sink) =>
      executionLayer({
        registryFile: config.storage.positions_db_path,
        executor: { onAlert: alertOnExecution(sink), leverage: recordedLeverage(config) },
        protection: { interval: Duration.seconds(config.runtime.protection_monitor_interval_seconds) }
      })
    )
  )

/**
 * Everything `trading live` runs on, chosen by configuration: storage, candles, strategy, the venue, the operator's
 * surfaces (dashboard, /healthz, /metrics, Telegram bot, alerts) and the execution services (position registry on
 * its own SQLite file, executor, reconciler, protection), which alert through those surfaces.
 */
export const liveLayer = (config: AppConfigShape) =>
  Layer.mergeAll(
    StrategyEngine.layer(strategyParamsFromConfig(config)),
    liveExecution(config).pipe(Layer.provideMerge(OperatorSurfacesLive))
  ).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        storageLayer(config),
        CandleStore.layerWith({ maxBars: config.data.max_bars_in_memory }),
        guardedVenue(config),
        FetchHttpClient.layer
      )
    )
  )
