import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Context, Effect, Either, Option, Redacted, type Schema } from "effect"
import { AuthFailed, type QueryError, RateLimited, Transient } from "../../ExchangeErrors.ts"
import { spotApiSign, spotFormBody } from "../auth/SpotSign.ts"
import type { OhlcInterval } from "../wire/channels/Ohlc.ts"
import {
  type AssetPairsResult,
  AssetPairsResult as AssetPairsSchema,
  SPOT_ASSET_PAIRS_PATH
} from "../wire/spot/AssetPairs.ts"
import { SPOT_OHLC_PATH, type SpotOhlcResult, SpotOhlcResult as SpotOhlcSchema } from "../wire/spot/Ohlc.ts"
import { decodeSpotResponse } from "../wire/spot/SpotResponse.ts"
import { SPOT_TICKER_PATH, type SpotTickerResult, SpotTickerResult as SpotTickerSchema } from "../wire/spot/Ticker.ts"
import {
  GET_WEBSOCKETS_TOKEN_PATH,
  type WebSocketsToken,
  WebSocketsToken as WebSocketsTokenSchema
} from "../wire/spot/WebSocketsToken.ts"
import { fromWireDecode, mapKrakenError } from "./ErrorMapping.ts"
import type { NonceStore } from "./NonceStore.ts"
import type { RequestPacer } from "./RequestPacer.ts"

export interface SpotCredentials {
  readonly apiKey: Redacted.Redacted<string>
  readonly apiSecret: Redacted.Redacted<string>
  readonly nonces: NonceStore
}

export interface SpotRestClientOptions {
  /** e.g. `https://api.kraken.com` (no trailing path). */
  readonly baseUrl: string
  readonly credentials: Option.Option<SpotCredentials>
  /** Spaces every request (public market data); none = unpaced. */
  readonly pacer?: RequestPacer
}

/** Kraken Spot REST: market data for analysis and the token for the Unified WebSocket. */
export interface SpotRestClient {
  /** One OHLC page: candles after `since` (unix s; the previous page's `last`), the newest still forming. */
  readonly ohlc: (pair: string, interval: OhlcInterval, since?: number) => Effect.Effect<SpotOhlcResult, QueryError>
  /** Pages from `since` while `last` advances (at most `maxPages`); candles are de-duplicated by open time. */
  readonly ohlcSince: (
    pair: string,
    interval: OhlcInterval,
    since: number,
    maxPages: number
  ) => Effect.Effect<SpotOhlcResult, QueryError>
  readonly assetPairs: Effect.Effect<AssetPairsResult, QueryError>
  readonly ticker: (pairs: ReadonlyArray<string>) => Effect.Effect<SpotTickerResult, QueryError>
  /** A fresh Unified WebSocket token (signed, with a persisted nonce). */
  readonly webSocketsToken: Effect.Effect<WebSocketsToken, QueryError>
}

/** The Spot REST client as a service (market data and the WebSocket token). */
export class SpotRest extends Context.Tag("SpotRest")<SpotRest, SpotRestClient>() {}

const USER_AGENT = "kraken-smc-trading/0.1"

const httpFailure = (operation: string) => (cause: unknown) =>
  new Transient({ operation, reason: cause instanceof Error ? cause.message : String(cause) })

export const makeSpotRestClient = (
  options: SpotRestClientOptions
): Effect.Effect<SpotRestClient, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const base = options.baseUrl.replace(/\/+$/, "")
    const paced = options.pacer?.paced ?? ((effect) => effect)

    const send = <A, I>(
      operation: string,
      path: string,
      schema: Schema.Schema<A, I>,
      request: HttpClientRequest.HttpClientRequest
    ): Effect.Effect<A, QueryError> =>
      Effect.gen(function* () {
        const response = yield* paced(http.execute(request)).pipe(Effect.mapError(httpFailure(operation)))
        const text = yield* response.text.pipe(Effect.mapError(httpFailure(operation)))
        if (response.status === 429) return yield* new RateLimited({ operation, reason: `HTTP 429 from ${path}` })
        if (response.status >= 500) return yield* new Transient({ operation, reason: `HTTP ${response.status}` })
        const decoded = decodeSpotResponse(path, schema)(text)
        if (Either.isRight(decoded)) return decoded.right
        const error = decoded.left
        if (error._tag === "KrakenDecodeError") return yield* fromWireDecode(operation, error)
        const mapped = mapKrakenError(operation, error.errors[0] ?? "no result")
        return yield* mapped._tag === "RateLimited" || mapped._tag === "AuthFailed" || mapped._tag === "Transient"
          ? mapped
          : new Transient({ operation, reason: error.errors.join(", ") || "neither result nor error" })
      }).pipe(Effect.withSpan(`SpotRestClient.${operation}`))

    const publicGet = <A, I>(
      operation: string,
      path: string,
      schema: Schema.Schema<A, I>,
      params: Record<string, string>
    ) =>
      send(
        operation,
        path,
        schema,
        HttpClientRequest.get(`${base}${path}`).pipe(
          HttpClientRequest.setUrlParams(params),
          HttpClientRequest.setHeader("User-Agent", USER_AGENT)
        )
      )

    const ohlc = (pair: string, interval: OhlcInterval, since?: number) =>
      publicGet("ohlc", SPOT_OHLC_PATH, SpotOhlcSchema, {
        pair,
        interval: String(interval),
        ...(since === undefined ? {} : { since: String(since) })
      })

    const ohlcSince = (pair: string, interval: OhlcInterval, since: number, maxPages: number) =>
      Effect.gen(function* () {
        let page = yield* ohlc(pair, interval, since)
        const byTime = new Map(page.candles.map((c) => [c.time, c]))
        for (let n = 1; n < maxPages && page.candles.length > 0; n++) {
          const next = yield* ohlc(pair, interval, page.last)
          if (next.last <= page.last) break
          for (const c of next.candles) byTime.set(c.time, c)
          page = next
        }
        const candles = [...byTime.values()].sort((a, b) => a.time - b.time)
        return { pair: page.pair, candles, last: page.last }
      })

    const webSocketsToken = Effect.gen(function* () {
      const operation = "webSocketsToken"
      const credentials = yield* Option.match(options.credentials, {
        onNone: () => Effect.fail(new AuthFailed({ operation, reason: "no Kraken API key configured" })),
        onSome: Effect.succeed
      })
      const nonce = yield* credentials.nonces.next
      const body = spotFormBody(nonce)
      const sign = spotApiSign(credentials.apiSecret, { uriPath: GET_WEBSOCKETS_TOKEN_PATH, nonce, postBody: body })
      return yield* send(
        operation,
        GET_WEBSOCKETS_TOKEN_PATH,
        WebSocketsTokenSchema,
        HttpClientRequest.post(`${base}${GET_WEBSOCKETS_TOKEN_PATH}`).pipe(
          HttpClientRequest.setHeaders({
            "API-Key": Redacted.value(credentials.apiKey),
            "API-Sign": sign,
            "User-Agent": USER_AGENT
          }),
          HttpClientRequest.bodyText(body, "application/x-www-form-urlencoded")
        )
      )
    })

    return {
      ohlc,
      ohlcSince,
      assetPairs: publicGet("assetPairs", SPOT_ASSET_PAIRS_PATH, AssetPairsSchema, {}),
      ticker: (pairs) => publicGet("ticker", SPOT_TICKER_PATH, SpotTickerSchema, { pair: pairs.join(",") }),
      webSocketsToken
    }
  })
