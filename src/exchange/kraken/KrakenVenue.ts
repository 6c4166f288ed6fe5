import type { HttpClient } from "@effect/platform"
import { Duration, Effect, Layer, Option, Schedule } from "effect"
import { AppConfig } from "../../config/AppConfig.ts"
import type { ExchangeConfig } from "../../config/schema/ExchangeConfig.ts"
import type { SpotSymbol } from "../../domain/Symbols.ts"
import { MarketClock } from "../../market/MarketClock.ts"
import { MarketDataSource } from "../../market/MarketDataSource.ts"
import { MarketListing } from "../../market/MarketListing.ts"
import { Exchange } from "../Exchange.ts"
import type { Transient } from "../ExchangeErrors.ts"
import { fileNonceStore } from "./client/NonceStore.ts"
import { publicSpotRestLayer } from "./client/PublicSpotRest.ts"
import { KRAKEN_PUBLIC_REST_LIMITS } from "./client/RequestPacer.ts"
import { makeSpotRestClient, SpotRest } from "./client/SpotRestClient.ts"
import type { ContractTerms } from "./derivatives/ContractTerms.ts"
import { ContractTermsBook } from "./derivatives/ContractTermsBook.ts"
import { type KrakenExchangeOptions, makeKrakenExchange } from "./KrakenExchange.ts"
import { makeKrakenPublicMarket } from "./KrakenPublicMarket.ts"

/**
 * Connection policy for the real venue. UWS publishes no numbers: ping every 20 s and treat 10 s of silence
 * as death (heartbeats come every second); the order budget matches the gateway's own ceiling of 10 per
 * 10 s (trading-core §6.1), so the venue's limit is never the one that trips.
 */
export const KRAKEN_CONNECTION_POLICY: Omit<KrakenExchangeOptions, "publicUrl" | "privateUrl" | "token"> = {
  requestTimeout: Duration.seconds(10),
  pingInterval: Duration.seconds(20),
  silenceTimeout: Duration.seconds(10),
  reconnect: Schedule.exponential(Duration.millis(500)).pipe(
    Schedule.union(Schedule.spaced(Duration.seconds(30))),
    Schedule.jittered
  ),
  orderRate: { capacity: 10, refillPerSecond: 1 }
}

/** Where the Kraken wire is spoken: Kraken itself, or a wire-compatible simulator. */
export interface KrakenEndpoints {
  readonly spotRestUrl: string
  readonly wsPublicUrl: string
  readonly wsPrivateUrl: string
}

/**
 * Endpoints for the configured venue: `kraken` uses `exchange.kraken.*`; `sim` with a `url` uses the same
 * paths on the simulator (`<url>/0/...` for REST, `<url>/v2/public` and `/v2/private` for the WebSocket).
 * None for the embedded simulator (`sim.url: null`), which is not reached over the wire.
 */
export const krakenEndpoints = (exchange: ExchangeConfig): Option.Option<KrakenEndpoints> => {
  if (exchange.venue === "kraken")
    return Option.some({
      spotRestUrl: exchange.kraken.spot_rest_url,
      wsPublicUrl: exchange.kraken.ws_public_url,
      wsPrivateUrl: exchange.kraken.ws_private_url
    })
  return Option.map(Option.fromNullable(exchange.sim.url), (raw) => {
    const url = new URL(raw)
    const secure = url.protocol === "https:" || url.protocol === "wss:"
    const host = `${url.host}${url.pathname.replace(/\/+$/, "")}`
    return {
      spotRestUrl: `${secure ? "https" : "http"}://${host}`,
      wsPublicUrl: `${secure ? "wss" : "ws"}://${host}/v2/public`,
      wsPrivateUrl: `${secure ? "wss" : "ws"}://${host}/v2/private`
    }
  })
}

const endpoints = Effect.gen(function* () {
  const exchange = (yield* AppConfig).exchange
  return yield* Option.match(krakenEndpoints(exchange), {
    onNone: () => Effect.dieMessage("exchange.sim.url is null: the embedded simulator has no Kraken wire endpoints"),
    onSome: Effect.succeed
  })
})

/** Derivatives REST v3 and the futures charts: Kraken's futures host, or the simulator, which serves them too. */
const derivativesUrl = Effect.gen(function* () {
  const exchange = (yield* AppConfig).exchange
  return exchange.venue === "kraken" ? exchange.kraken.futures_rest_url : (yield* endpoints).spotRestUrl
})

/**
 * Spot REST for the configured venue; private calls need `api_key` and `api_secret`. `nonceFile` (in the data
 * directory) keeps the nonce sequence across restarts.
 */
export const SpotRestLive = (nonceFile: string): Layer.Layer<SpotRest, Transient, AppConfig | HttpClient.HttpClient> =>
  Layer.effect(
    SpotRest,
    Effect.gen(function* () {
      const kraken = (yield* AppConfig).exchange.kraken
      const { spotRestUrl } = yield* endpoints
      const keys = Option.all({ apiKey: kraken.api_key, apiSecret: kraken.api_secret })
      const credentials = Option.isSome(keys)
        ? Option.some({ ...keys.value, nonces: yield* fileNonceStore(nonceFile) })
        : Option.none()
      return yield* makeSpotRestClient({ baseUrl: spotRestUrl, credentials })
    })
  )

/**
 * Spot REST's public calls only (pairs, prices, candles), never signed whatever keys are configured, paced to
 * Kraken's public limit: what paper trading on Kraken reads.
 */
export const SpotRestPublicLive: Layer.Layer<SpotRest, never, AppConfig | HttpClient.HttpClient> = publicSpotRestLayer(
  Effect.map(endpoints, (e) => e.spotRestUrl),
  Option.some(KRAKEN_PUBLIC_REST_LIMITS)
)

/** The perpetuals and tickers of the configured venue's public Unified WebSocket: no token, no private connection. */
export const KrakenPublicMarketLive: Layer.Layer<MarketListing, never, AppConfig> = Layer.scoped(
  MarketListing,
  Effect.flatMap(endpoints, ({ wsPublicUrl }) =>
    makeKrakenPublicMarket({ ...KRAKEN_CONNECTION_POLICY, publicUrl: wsPublicUrl })
  )
)

/**
 * The `Exchange` port on the Unified WebSocket of the configured venue, tokens from Spot REST. Where a
 * `ContractTermsBook` is provided too, `contracts` carry contract size and maximum leverage from it.
 */
export const KrakenExchangeLive: Layer.Layer<Exchange, never, AppConfig | SpotRest> = Layer.scoped(
  Exchange,
  Effect.gen(function* () {
    const { wsPublicUrl, wsPrivateUrl } = yield* endpoints
    const spot = yield* SpotRest
    const book = yield* Effect.serviceOption(ContractTermsBook)
    return yield* makeKrakenExchange({
      ...KRAKEN_CONNECTION_POLICY,
      publicUrl: wsPublicUrl,
      privateUrl: wsPrivateUrl,
      token: Effect.map(spot.webSocketsToken, (t) => t.token),
      contractTerms: Option.getOrUndefined(Option.map(book, (b) => b.terms))
    })
  })
)

/** A simulator has no public rate limit to respect: pace only to keep a start-up burst polite. */
const SIM_REST_LIMITS = { capacity: 50, refillPerSecond: 50 }

/**
 * Closed candles for the live loop from the configured venue's Spot OHLC (Kraken, or the simulator at
 * `exchange.sim.url`), futures candles as fallback per `exchange.use_futures_ohlcv_fallback`. Where a
 * `MarketClock` is provided, no bar beyond its now is asked for (a simulator's market runs ahead of the real clock).
 */
export const KrakenMarketDataLive = (
  symbols: ReadonlyArray<SpotSymbol>
): Layer.Layer<MarketDataSource, never, AppConfig> =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const config = yield* AppConfig
      const { spotRestUrl } = yield* endpoints
      const clock = yield* Effect.serviceOption(MarketClock)
      return MarketDataSource.kraken({
        spotRestUrl,
        futuresRestUrl: yield* derivativesUrl,
        symbols,
        futuresFallback: config.exchange.use_futures_ohlcv_fallback,
        maxBars: config.data.max_bars_in_memory,
        ...(config.exchange.venue === "sim" && { limits: SIM_REST_LIMITS }),
        ...Option.match(clock, { onNone: () => ({}), onSome: (c) => ({ now: c.now }) })
      })
    })
  )

/**
 * Contract terms from the configured venue's Derivatives REST v3 (`exchange.kraken.futures_rest_url`, or the
 * simulator's URL), kept in `cacheFile` across restarts. `enabled: false` never calls v3 (cache and declared only).
 */
export const ContractTermsBookLive = (options: {
  readonly cacheFile: string
  readonly enabled: boolean
  readonly declared?: ReadonlyArray<ContractTerms>
  /** Re-read v3 this often (`runtime.instrument_spec_refresh_hours`); none = once at start. */
  readonly refreshEvery?: Duration.DurationInput
  /** Fewer contracts than this (`runtime.instrument_spec_min_count`) is a truncated list, never used. */
  readonly minCount?: number
}): Layer.Layer<ContractTermsBook, never, AppConfig> =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const futuresRestUrl = yield* derivativesUrl
      return ContractTermsBook.layer({ ...options, futuresRestUrl, cacheFile: Option.some(options.cacheFile) })
    })
  )
