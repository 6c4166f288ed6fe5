import type { HttpClient } from "@effect/platform"
import { Clock, Effect, Either, Option, Ref } from "effect"
import { type CandleSeries, emptySeries } from "../domain/CandleSeries.ts"
import { krakenSpotAltname, parseSpotSymbol, perpetualFor, type SpotSymbol } from "../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { KRAKEN_PUBLIC_REST_LIMITS, makeRequestPacer } from "../exchange/kraken/client/RequestPacer.ts"
import { makeSpotRestClient } from "../exchange/kraken/client/SpotRestClient.ts"
import type { BucketLimits } from "../exchange/kraken/client/TokenBucket.ts"
import { makeDerivativesRestClient } from "../exchange/kraken/derivatives/DerivativesRestClient.ts"
import type { ChartCandle } from "../exchange/kraken/wire/futures/Charts.ts"
import { CandleCache } from "./CandleCache.ts"
import { closedBarsFromOhlc, isSettledBar, OHLC_INTERVALS, OHLC_SETTLE_MS } from "./CandleDownload.ts"
import { DEFAULT_MAX_BARS } from "./CandleStore.ts"
import { CandlesUnavailable } from "./CandlesUnavailable.ts"
import type { MarketDataSource } from "./MarketDataSource.ts"

export interface KrakenMarketDataOptions {
  /** `exchange.kraken.spot_rest_url` (or the simulator's URL). */
  readonly spotRestUrl: string
  /** `exchange.kraken.futures_rest_url`: the host of the futures charts used as fallback. */
  readonly futuresRestUrl: string
  /** The spot universe, `BTC/USD` form. */
  readonly symbols: ReadonlyArray<SpotSymbol>
  /** `exchange.use_futures_ohlcv_fallback`: take the PF_ perpetual's trade candles when spot has none. */
  readonly futuresFallback: boolean
  /** Request budget per host; default Kraken's public one (about 1 per second, small bursts). */
  readonly limits?: BucketLimits
  /** Bars kept per series in the fetch cache; default the CandleStore's cap. */
  readonly maxBars?: number
  /** The market's now, beyond which no bar is asked for; default the real clock (a simulator's market may run ahead). */
  readonly now?: Effect.Effect<number>
}

const SOURCE = "kraken"

/** Closed futures chart candles opened at or after `sinceMs`, as a series under the spot symbol (newest row as spot). */
export const closedBarsFromCharts = (
  symbol: SpotSymbol,
  timeframe: Timeframe,
  candles: ReadonlyArray<ChartCandle>,
  sinceMs: number,
  nowMs: number
): CandleSeries => {
  const kept = candles.filter(
    (c, i) => c.time >= sinceMs && isSettledBar(timeframe, c.time, nowMs, i === candles.length - 1)
  )
  const series = emptySeries(symbol, timeframe, kept.length)
  kept.forEach((c, i) => {
    series.openTime[i] = c.time
    series.open[i] = c.open.toNumber()
    series.high[i] = c.high.toNumber()
    series.low[i] = c.low.toNumber()
    series.close[i] = c.close.toNumber()
    series.volume[i] = c.volume.toNumber()
  })
  return { ...series, length: kept.length }
}

/**
 * Closed candles from Kraken's public Spot OHLC (the analysis series, runtime-and-ops §3), one request per series
 * and new bar: reads are served from a bar-boundary cache and a fetch continues from the newest bar held. Where
 * the spot pair has no data and the fallback is on, the PF_ perpetual's futures chart candles stand in. Every
 * failure is a `CandlesUnavailable` for that one series, so one bad symbol never fails a tick.
 */
export const makeKrakenMarketData = (
  options: KrakenMarketDataOptions
): Effect.Effect<MarketDataSource["Type"], never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const limits = options.limits ?? KRAKEN_PUBLIC_REST_LIMITS
    const marketNow = options.now ?? Clock.currentTimeMillis
    const spot = yield* makeSpotRestClient({
      baseUrl: options.spotRestUrl,
      credentials: Option.none(),
      pacer: yield* makeRequestPacer(limits)
    })
    const derivatives = yield* makeDerivativesRestClient({
      baseUrl: options.futuresRestUrl,
      capabilities: {
        instrumentSpecs: false,
        charts: options.futuresFallback,
        fillHistory: false,
        leveragePreferences: false
      },
      pacer: yield* makeRequestPacer(limits)
    })
    const cache = new CandleCache(options.maxBars ?? DEFAULT_MAX_BARS, OHLC_SETTLE_MS)
    // Series already announced as served from futures, so the switch is logged once, not every bar
    const onFutures = yield* Ref.make<ReadonlySet<string>>(new Set())

    const unavailable = (symbol: string, timeframe: Timeframe, reason: string) =>
      new CandlesUnavailable({ source: SOURCE, symbol, timeframe, reason })

    const fromSpot = (symbol: SpotSymbol, timeframe: Timeframe, sinceMs: number, nowMs: number) =>
      Effect.map(
        spot.ohlc(krakenSpotAltname(symbol), OHLC_INTERVALS[timeframe], Math.floor(sinceMs / 1000) - 1),
        (page) => closedBarsFromOhlc(symbol, timeframe, page.candles, sinceMs, nowMs)
      )

    const fromFutures = (symbol: SpotSymbol, timeframe: Timeframe, sinceMs: number, nowMs: number, why: string) =>
      Effect.gen(function* () {
        const perpetual = perpetualFor(symbol)
        const candles = yield* derivatives
          .chartCandles(perpetual, timeframe, sinceMs, nowMs)
          .pipe(Effect.mapError((error) => `spot: ${why}; futures ${perpetual}: ${error.message}`))
        const key = `${symbol} ${timeframe}`
        if (!(yield* Ref.get(onFutures)).has(key)) {
          yield* Ref.update(onFutures, (set) => new Set([...set, key]))
          yield* Effect.logWarning(`${key}: spot OHLC unusable (${why}); using ${perpetual} futures candles`)
        }
        return closedBarsFromCharts(symbol, timeframe, candles, sinceMs, nowMs)
      })

    /** Spot first; futures when spot fails for any reason but its rate, or lacks bars that must have closed. */
    const fetch = (symbol: SpotSymbol, timeframe: Timeframe, sinceMs: number, nowMs: number) =>
      Effect.gen(function* () {
        const spotBars = yield* Effect.either(fromSpot(symbol, timeframe, sinceMs, nowMs))
        const settledBarDue = sinceMs + timeframeMs[timeframe] <= nowMs - OHLC_SETTLE_MS
        const why = Either.match(spotBars, {
          onLeft: (error) => (error._tag === "RateLimited" ? undefined : error.message),
          onRight: (series) => (series.length === 0 && settledBarDue ? "no closed bars in range" : undefined)
        })
        if (why === undefined || !options.futuresFallback) return yield* Either.mapLeft(spotBars, (e) => e.message)
        return yield* fromFutures(symbol, timeframe, sinceMs, nowMs, why)
      })

    const closedCandles: MarketDataSource["Type"]["closedCandles"] = (symbol, timeframe, fromMs, toMs) =>
      Effect.gen(function* () {
        const nowMs = Math.min(toMs, yield* marketNow)
        if (fromMs + timeframeMs[timeframe] > nowMs) return emptySeries(symbol, timeframe)
        const spotSymbol = yield* Either.mapLeft(parseSpotSymbol(symbol), (e) => e.message)
        const plan = cache.plan(spotSymbol, timeframe, fromMs, nowMs)
        if (plan._tag === "Fetch") {
          const fetched = yield* fetch(spotSymbol, timeframe, plan.sinceMs, nowMs)
          const problem = cache.store(fetched, plan, nowMs)
          if (problem !== undefined) {
            return yield* Effect.fail(`bar at ${new Date(problem.openTime).toISOString()}: ${problem.reason}`)
          }
        }
        return cache.read(spotSymbol, timeframe, fromMs, nowMs) ?? emptySeries(symbol, timeframe)
      }).pipe(
        Effect.mapError((reason) => unavailable(symbol, timeframe, reason)),
        Effect.withSpan("KrakenMarketData.closedCandles", { attributes: { symbol, timeframe } })
      )

    return { name: SOURCE, symbols: options.symbols, closedCandles }
  })
