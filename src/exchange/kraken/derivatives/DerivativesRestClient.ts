import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Effect, Either, Ref } from "effect"
import type { FuturesSymbol } from "../../../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../../../domain/Timeframe.ts"
import { type QueryError, RateLimited, Transient } from "../../ExchangeErrors.ts"
import { fromWireDecode } from "../client/ErrorMapping.ts"
import type { RequestPacer } from "../client/RequestPacer.ts"
import { decodeFrame, type KrakenDecodeError } from "../wire/DecodeError.ts"
import {
  CHARTS_MAX_CANDLES,
  type ChartCandle,
  ChartsResult,
  type ChartTickType,
  chartsPath
} from "../wire/futures/Charts.ts"
import {
  decodeFuturesResponse,
  FUTURES_API_PREFIX,
  FuturesRestError,
  type KrakenFuturesApiError
} from "../wire/futures/FuturesResponse.ts"
import { type FuturesInstrument, InstrumentsSuccess } from "../wire/futures/Instruments.ts"
import {
  DERIVATIVES_DECOMMISSION_MS,
  type DerivativesCapabilities,
  type DerivativesCapability,
  DerivativesUnavailable,
  isRetiredStatus
} from "./DerivativesCapability.ts"

export type DerivativesError = QueryError | DerivativesUnavailable

export interface DerivativesRestClientOptions {
  /** e.g. `https://futures.kraken.com` (v3 lives under `/derivatives/api/v3`, charts under `/api/charts/v1`). */
  readonly baseUrl: string
  readonly capabilities: DerivativesCapabilities
  /** Spaces every request; none = unpaced. */
  readonly pacer?: RequestPacer
}

/**
 * The few public things Derivatives REST v3 still gives that the Unified WebSocket lacks. Once an endpoint answers
 * that it is retired, its capability is marked gone for the life of the client (one warning, then fast failures).
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
  /** Capabilities found retired so far. */
  readonly retired: Effect.Effect<ReadonlySet<DerivativesCapability>>
}

const USER_AGENT = "kraken-smc-trading/0.1"

const httpFailure = (operation: string) => (cause: unknown) =>
  new Transient({ operation, reason: cause instanceof Error ? cause.message : String(cause) })

/** A refused or undecodable v3 answer as the port's query error: only `apiLimitExceeded` is a rate limit. */
const queryError =
  (operation: string) =>
  (error: KrakenFuturesApiError | KrakenDecodeError): QueryError => {
    if (error._tag === "KrakenDecodeError") return fromWireDecode(operation, error)
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
    const retired = yield* Ref.make<ReadonlySet<DerivativesCapability>>(new Set())
    const warnedLate = yield* Ref.make(false)

    /** Fails fast when the capability is off or known gone; warns once when used past the announced date. */
    const admit = (capability: DerivativesCapability) =>
      Effect.gen(function* () {
        if (!options.capabilities[capability]) {
          return yield* new DerivativesUnavailable({ capability, reason: "disabled by configuration" })
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

    /** GETs a public path; the HTTP status and body text, or the retirement of the capability. */
    const get = (capability: DerivativesCapability, operation: string, path: string, params: Record<string, string>) =>
      Effect.gen(function* () {
        yield* admit(capability)
        const request = HttpClientRequest.get(`${base}${path}`).pipe(
          HttpClientRequest.setUrlParams(params),
          HttpClientRequest.setHeader("User-Agent", USER_AGENT)
        )
        const response = yield* paced(http.execute(request)).pipe(Effect.mapError(httpFailure(operation)))
        const text = yield* response.text.pipe(Effect.mapError(httpFailure(operation)))
        if (isRetiredStatus(capability, response.status)) return yield* retire(capability, response.status)
        if (response.status === 429) return yield* new RateLimited({ operation, reason: `HTTP 429 from ${path}` })
        if (response.status >= 500) return yield* new Transient({ operation, reason: `HTTP ${response.status}` })
        return { status: response.status, text }
      }).pipe(Effect.withSpan(`DerivativesRestClient.${operation}`))

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

    return { instruments, chartCandles, retired: Ref.get(retired) } satisfies DerivativesRestClient
  })
