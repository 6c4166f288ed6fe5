import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Effect, Either, Option, Redacted, Ref, Schema } from "effect"
import type { Decimal } from "../../../domain/Money.ts"
import type { FuturesSymbol } from "../../../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../../../domain/Timeframe.ts"
import { AuthFailed, type QueryError, RateLimited, Transient } from "../../ExchangeErrors.ts"
import { authent, authentInputOf } from "../auth/FuturesSign.ts"
import { fromWireDecode } from "../client/ErrorMapping.ts"
import type { RequestPacer } from "../client/RequestPacer.ts"
import { decodeFrame, decodeValue, type KrakenDecodeError } from "../wire/DecodeError.ts"
import {
  CHARTS_MAX_CANDLES,
  type ChartCandle,
  ChartsResult,
  type ChartTickType,
  chartsPath
} from "../wire/futures/Charts.ts"
import { FillsSuccess } from "../wire/futures/Fills.ts"
import {
  decodeFuturesResponse,
  FUTURES_API_PREFIX,
  FuturesErrorBody,
  FuturesRestError,
  FuturesSuccess,
  futuresErrorText,
  type KrakenFuturesApiError
} from "../wire/futures/FuturesResponse.ts"
import { type FuturesInstrument, InstrumentsSuccess } from "../wire/futures/Instruments.ts"
import { LeveragePreferencesSuccess } from "../wire/futures/LeveragePreferences.ts"
import {
  DERIVATIVES_DECOMMISSION_MS,
  type DerivativesCapabilities,
  type DerivativesCapability,
  DerivativesUnavailable,
  isRetiredStatus
} from "./DerivativesCapability.ts"
import { DerivativesFill, fillCandidateOf, LeveragePreference } from "./PrivateResults.ts"

export type DerivativesError = QueryError | DerivativesUnavailable

export interface DerivativesRestClientOptions {
  /** e.g. `https://futures.kraken.com` (v3 lives under `/derivatives/api/v3`, charts under `/api/charts/v1`). */
  readonly baseUrl: string
  readonly capabilities: DerivativesCapabilities
  /** The futures key pair (`exchange.kraken.futures_api_key/secret`) the private capabilities sign with. */
  readonly credentials?: Option.Option<DerivativesCredentials>
  /** Spaces every request; none = unpaced. */
  readonly pacer?: RequestPacer
}

export interface DerivativesCredentials {
  readonly apiKey: Redacted.Redacted<string>
  /** Base64, as Kraken issues it. */
  readonly apiSecret: Redacted.Redacted<string>
}

/**
 * The few things Derivatives REST v3 still gives that the Unified WebSocket lacks: public instruments and charts,
 * signed fill history and leverage preferences. Once an endpoint answers that it is retired, its capability is marked gone for the life of the client (one warning, then fast failures).
 */
export interface DerivativesRestClient {
  /** `GET /derivatives/api/v3/instruments`: contract size and margin schedule of every contract. */
  readonly instruments: Effect.Effect<ReadonlyArray<FuturesInstrument>, DerivativesError>
  /** Candles of one futures series opened in [fromMs, toMs], oldest first, paged on `more_candles`. */
  readonly chartCandles: (
    symbol: FuturesSymbol,
    timeframe: Timeframe,
    fromMs: number,
    toMs: number,
    tickType?: ChartTickType
  ) => Effect.Effect<ReadonlyArray<ChartCandle>, DerivativesError>
  /**
   * `GET /derivatives/api/v3/fills`: the 100 newest fills (newest first), or with `beforeMs` the 100 before that
   * instant (`lastFillTime`). Capability `fillHistory`; needs the futures key pair.
   */
  readonly fillHistory: (beforeMs?: number) => Effect.Effect<ReadonlyArray<DerivativesFill>, DerivativesError>
  /** `GET /leveragepreferences`: the maximum leverage of each symbol on isolated margin (others are cross). */
  readonly leveragePreferences: Effect.Effect<ReadonlyArray<LeveragePreference>, DerivativesError>
  /**
   * `PUT /leveragepreferences`: isolated margin at `maxLeverage` for `symbol`, or with none back to cross margin.
   * A refusal (unknown contract, would cause liquidation...) fails with Kraken's reason.
   */
  readonly setMaxLeverage: (
    symbol: FuturesSymbol,
    maxLeverage: Option.Option<Decimal>
  ) => Effect.Effect<void, DerivativesError>
  /** Capabilities found retired so far. */
  readonly retired: Effect.Effect<ReadonlySet<DerivativesCapability>>
}

const USER_AGENT = "kraken-smc-trading/0.1"

/**
 * A v3 error body refusing this request (an unknown contract...) rather than saying the endpoint is not there: a
 * 404 carrying one must not retire the capability, or one bad symbol would switch it off for the run.
 */
const isRequestRefusal = (text: string): boolean =>
  Either.match(decodeFrame(FuturesErrorBody, "v3 error")(text), {
    onLeft: () => false,
    onRight: (body) => body.result === "error" && futuresErrorText(body) !== FuturesRestError.notFound
  })

/** The signed capabilities: without the futures key pair they are unavailable and send nothing. */
const PRIVATE: ReadonlySet<DerivativesCapability> = new Set(["fillHistory", "leveragePreferences"])

const SetLeverageSuccess = FuturesSuccess({})

const httpFailure = (operation: string) => (cause: unknown) =>
  new Transient({ operation, reason: cause instanceof Error ? cause.message : String(cause) })

/** v3 errors that refuse the key pair itself: an operator problem, not worth retrying. */
const AUTH_ERRORS: ReadonlySet<string> = new Set([
  FuturesRestError.authenticationError,
  FuturesRestError.invalidAccount
])

/** A refused or undecodable v3 answer as the port's query error: only `apiLimitExceeded` is a rate limit. */
const queryError =
  (operation: string) =>
  (error: KrakenFuturesApiError | KrakenDecodeError): QueryError => {
    if (error._tag === "KrakenDecodeError") return fromWireDecode(operation, error)
    if (AUTH_ERRORS.has(error.error)) return new AuthFailed({ operation, reason: error.error })
    return error.error === FuturesRestError.apiLimitExceeded
      ? new RateLimited({ operation, reason: error.error })
      : new Transient({ operation, reason: error.error })
  }

export const makeDerivativesRestClient = (
  options: DerivativesRestClientOptions
): Effect.Effect<DerivativesRestClient, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const base = options.baseUrl.replace(/\/+$/, "")
    const paced = options.pacer?.paced ?? ((effect) => effect)
    const credentials = options.credentials ?? Option.none()
    const retired = yield* Ref.make<ReadonlySet<DerivativesCapability>>(new Set())
    const warnedLate = yield* Ref.make(false)

    /** Fails fast when the capability is off or known gone; warns once when used past the announced date. */
    const admit = (capability: DerivativesCapability) =>
      Effect.gen(function* () {
        if (!options.capabilities[capability]) {
          return yield* new DerivativesUnavailable({ capability, reason: "disabled by configuration" })
        }
        if (PRIVATE.has(capability) && Option.isNone(credentials)) {
          return yield* new DerivativesUnavailable({
            capability,
            reason: "no futures API key (exchange.kraken.futures_api_key / futures_api_secret)"
          })
        }
        if ((yield* Ref.get(retired)).has(capability)) {
          return yield* new DerivativesUnavailable({ capability, reason: "endpoint retired by Kraken" })
        }
        const now = yield* Clock.currentTimeMillis
        if (now >= DERIVATIVES_DECOMMISSION_MS && !(yield* Ref.getAndSet(warnedLate, true))) {
          yield* Effect.logWarning(
            "Kraken Derivatives REST v3 is past its announced decommission date (2027-03-01): expect it to be gone"
          )
        }
      })

    const retire = (capability: DerivativesCapability, status: number) =>
      Effect.gen(function* () {
        yield* Ref.update(retired, (set) => new Set([...set, capability]))
        yield* Effect.logWarning(
          `Kraken Derivatives REST answered HTTP ${status} for ${capability}: the API looks decommissioned; ` +
            `${capability} stays off for this run`
        ).pipe(Effect.annotateLogs({ capability }))
        return yield* new DerivativesUnavailable({ capability, reason: `endpoint retired (HTTP ${status})` })
      })

    /** `APIKey` and `Authent` over the query as sent (no `Nonce`: optional on v3, and none can go stale). */
    const signed = (pathWithQuery: string) =>
      Option.match(credentials, {
        onNone: () => ({}),
        onSome: (c) => ({
          APIKey: Redacted.value(c.apiKey),
          Authent: authent(c.apiSecret, authentInputOf({ requestPath: pathWithQuery, body: "" }))
        })
      })

    /**
     * Sends a request with its parameters in the query (as ccxt does, and as v3's OpenAPI declares for PUT), signed
     * for the private capabilities; the HTTP status and body text, or the retirement of the capability.
     */
    const send = (
      capability: DerivativesCapability,
      operation: string,
      method: "GET" | "PUT",
      path: string,
      params: Record<string, string>
    ) =>
      Effect.gen(function* () {
        yield* admit(capability)
        // Signed over the query as the platform will serialise it (both through URLSearchParams)
        const query = new URLSearchParams(params).toString()
        const request = HttpClientRequest.make(method)(`${base}${path}`).pipe(
          HttpClientRequest.setUrlParams(params),
          HttpClientRequest.setHeaders({
            "User-Agent": USER_AGENT,
            ...(PRIVATE.has(capability) && signed(query === "" ? path : `${path}?${query}`))
          })
        )
        const response = yield* paced(http.execute(request)).pipe(Effect.mapError(httpFailure(operation)))
        const text = yield* response.text.pipe(Effect.mapError(httpFailure(operation)))
        if (isRetiredStatus(capability, response.status) && !(response.status === 404 && isRequestRefusal(text))) {
          return yield* retire(capability, response.status)
        }
        if (response.status === 429) return yield* new RateLimited({ operation, reason: `HTTP 429 from ${path}` })
        if (response.status >= 500) return yield* new Transient({ operation, reason: `HTTP ${response.status}` })
        return { status: response.status, text }
      }).pipe(Effect.withSpan(`DerivativesRestClient.${operation}`))

    const get = (capability: DerivativesCapability, operation: string, path: string, params: Record<string, string>) =>
      send(capability, operation, "GET", path, params)

    const instruments = Effect.gen(function* () {
      const path = `${FUTURES_API_PREFIX}/instruments`
      const { text } = yield* get("instrumentSpecs", "instruments", path, {})
      const body = yield* Either.mapLeft(
        decodeFuturesResponse(path, InstrumentsSuccess)(text),
        queryError("instruments")
      )
      return body.instruments
    })

    const chartCandles: DerivativesRestClient["chartCandles"] = (symbol, timeframe, fromMs, toMs, tickType = "trade") =>
      Effect.gen(function* () {
        const path = chartsPath(tickType, symbol, timeframe)
        const step = timeframeMs[timeframe]
        const byTime = new Map<number, ChartCandle>()
        // Each page that has more advances `from` past its newest candle, so this many pages cover the range
        const maxPages = Math.ceil((toMs - fromMs + 1) / (CHARTS_MAX_CANDLES * step)) + 1
        let from = fromMs
        for (let page = 0; page < maxPages && from <= toMs; page++) {
          const params = { from: String(Math.floor(from / 1000)), to: String(Math.floor(toMs / 1000)) }
          const { status, text } = yield* get("charts", "chartCandles", path, params)
          if (status === 404) return yield* new Transient({ operation: "chartCandles", reason: `no series ${path}` })
          const result = yield* Either.mapLeft(decodeFrame(ChartsResult, path)(text), queryError("chartCandles"))
          for (const candle of result.candles) byTime.set(candle.time, candle)
          const newest = result.candles[result.candles.length - 1]
          if (!result.more_candles || newest === undefined) break
          from = newest.time + step
        }
        return [...byTime.values()].filter((c) => c.time >= fromMs && c.time <= toMs).sort((a, b) => a.time - b.time)
      })

    const fillHistory: DerivativesRestClient["fillHistory"] = (beforeMs) =>
      Effect.gen(function* () {
        const path = `${FUTURES_API_PREFIX}/fills`
        const params = beforeMs === undefined ? {} : { lastFillTime: new Date(beforeMs).toISOString() }
        const { text } = yield* get("fillHistory", "fillHistory", path, params)
        const body = yield* Either.mapLeft(decodeFuturesResponse(path, FillsSuccess)(text), queryError("fillHistory"))
        return yield* Either.mapLeft(
          decodeValue(Schema.Array(DerivativesFill), path, "fills")(body.fills.map(fillCandidateOf)),
          queryError("fillHistory")
        )
      })

    const leveragePath = `${FUTURES_API_PREFIX}/leveragepreferences`

    const leveragePreferences = Effect.gen(function* () {
      const { text } = yield* get("leveragePreferences", "leveragePreferences", leveragePath, {})
      const body = yield* Either.mapLeft(
        decodeFuturesResponse(leveragePath, LeveragePreferencesSuccess)(text),
        queryError("leveragePreferences")
      )
      return yield* Either.mapLeft(
        decodeValue(Schema.Array(LeveragePreference), leveragePath, "leveragePreferences")(body.leveragePreferences),
        queryError("leveragePreferences")
      )
    })

    const setMaxLeverage: DerivativesRestClient["setMaxLeverage"] = (symbol, maxLeverage) =>
      Effect.gen(function* () {
        const params = Option.match(maxLeverage, {
          onNone: () => ({ symbol }),
          onSome: (leverage) => ({ symbol, maxLeverage: leverage.toString() })
        })
        const { text } = yield* send("leveragePreferences", "setMaxLeverage", "PUT", leveragePath, params)
        yield* Either.mapLeft(
          decodeFuturesResponse(leveragePath, SetLeverageSuccess)(text),
          queryError("setMaxLeverage")
        )
      })

    return {
      instruments,
      chartCandles,
      fillHistory,
      leveragePreferences,
      setMaxLeverage,
      retired: Ref.get(retired)
    } satisfies DerivativesRestClient
  })
