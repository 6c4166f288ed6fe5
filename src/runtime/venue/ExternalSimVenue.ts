import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import {
  type KrakenEndpoints,
  KrakenExchangeLive,
  KrakenMarketDataLive,
  SpotRestLive
} from "../../exchange/kraken/KrakenVenue.ts"
import { requireKrakenCredentials } from "./Credentials.ts"
import { nonceFileOf } from "./DataFiles.ts"
import { simServerClock } from "./SimServerClock.ts"
import { TradingUniverse, universeOf } from "./Universe.ts"

/**
 * Market data, market clock and exchange of a `trading sim-server` at `exchange.sim.url` (`exchange.venue: sim`):
 * the real Kraken adapter over its wire (Unified WebSocket, token from Spot REST signed with
 * `exchange.kraken.api_key`/`api_secret`, the key pair the server was started with), candles from its Spot OHLC,
 * and the market clock read from its `/0/public/Time`. Nothing is started here: the server runs on its own.
 */
export const externalSimVenueLayer = (config: AppConfigShape, endpoints: KrakenEndpoints) =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      yield* requireKrakenCredentials(
        config,
        `trading on the simulator at exchange.sim.url (${config.exchange.sim.url})`
      )
      const symbols = yield* universeOf(config)
      yield* Effect.logInfo(`venue: trading sim-server at ${endpoints.spotRestUrl} over the Kraken wire`)
      return Layer.mergeAll(
        TradingUniverse.fixed(config),
        KrakenMarketDataLive(symbols),
        KrakenExchangeLive.pipe(Layer.provide(SpotRestLive(nonceFileOf(config))))
      ).pipe(
        Layer.provideMerge(
          simServerClock({ baseUrl: endpoints.spotRestUrl, fallbackSpeed: config.exchange.sim.speed })
        ),
        Layer.provide(FetchHttpClient.layer)
      )
    })
  )
