import { FetchHttpClient } from "@effect/platform"
import { Duration, Effect, Layer, Option } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import { ContractTermsBookLive, KrakenExchangeLive, SpotRestLive } from "../../exchange/kraken/KrakenVenue.ts"
import { MarketClock } from "../../market/MarketClock.ts"
import { MarketListing } from "../../market/MarketListing.ts"
import { requireKrakenCredentials } from "./Credentials.ts"
import { dataFileOf, nonceFileOf } from "./DataFiles.ts"
import { deadMansSwitchLayer } from "./DeadMansSwitchWiring.ts"
import { discoveredMarketData, discoveredUniverseLayer } from "./DiscoveredUniverse.ts"
import { realMoneyBanner } from "./RealMoneyBanner.ts"

/**
 * `exchange.venue: kraken` with `mode: live`: real orders. Refuses to start without both halves of the key pair
 * (naming the missing key), then logs the real-money banner at warn before anything is sent. The real adapter on
 * `exchange.kraken.*` (Unified WebSocket, token from Spot REST with the persisted nonce, contract terms from
 * Derivatives REST v3 and their cache, re-read every `runtime.instrument_spec_refresh_hours`, a list shorter than
 * `runtime.instrument_spec_min_count` refused), the universe from market discovery, candles from Spot OHLC, the
 * real clock, and the dead man's switch when configured.
 */
export const krakenLiveVenueLayer = (config: AppConfigShape) =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      yield* requireKrakenCredentials(config, "mode: live on exchange.venue: kraken")
      yield* Effect.forEach(Option.toArray(config.exchange.kraken.api_key), (key) =>
        Effect.logWarning(realMoneyBanner(config, key))
      )
      const spotRest = SpotRestLive(nonceFileOf(config))
      const terms = ContractTermsBookLive({
        cacheFile: dataFileOf(config, "contract-terms.json"),
        enabled: config.exchange.kraken.derivatives_rest.instrument_specs,
        refreshEvery: Duration.hours(config.runtime.instrument_spec_refresh_hours),
        minCount: config.runtime.instrument_spec_min_count
      })
      const exchange = KrakenExchangeLive.pipe(Layer.provide(terms))
      const universe = discoveredUniverseLayer.pipe(Layer.provide(MarketListing.fromExchange))
      return Layer.mergeAll(discoveredMarketData, deadMansSwitchLayer(config), MarketClock.live).pipe(
        Layer.provideMerge(universe),
        Layer.provideMerge(exchange),
        Layer.provide(spotRest),
        Layer.provide(FetchHttpClient.layer)
      )
    })
  )
