import { FetchHttpClient } from "@effect/platform"
import { Clock, Effect, Layer, Option, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { type CandleSeries, emptySeries } from "../domain/CandleSeries.ts"
import { krakenSpotAltname, type SpotSymbol } from "../domain/Symbols.ts"
import { isBarClosed, Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { publicSpotRestLayer } from "../exchange/kraken/client/PublicSpotRest.ts"
import { SpotRest } from "../exchange/kraken/client/SpotRestClient.ts"
import type { OhlcInterval } from "../exchange/kraken/wire/channels/Ohlc.ts"
import type { SpotOhlcRow } from "../exchange/kraken/wire/spot/Ohlc.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"

/** Kraken's OHLC `interval` (minutes) for each of our timeframes. */
export const OHLC_INTERVALS: Readonly<Record<Timeframe, OhlcInterval>> = { "15m": 15, "1h": 60, "4h": 240, "1d": 1440 }

/** Kraken's OHLC endpoint failed for one symbol and timeframe (unknown pair, rate limit, network, bad reply). */
export class CandleDownloadFailed extends Schema.TaggedError<CandleDownloadFailed>()("CandleDownloadFailed", {
  symbol: Schema.String,
  timeframe: Timeframe,
  reason: Schema.String
}) {
  override get message(): string {
    return `download of ${this.symbol} ${this.timeframe} bars from Kraken failed: ${this.reason}`
  }
}

/** What one download stored. `firstOpenTime` later than `requestedFrom` means Kraken had no older bars to serve. */
export interface DownloadOutcome {
  readonly symbol: SpotSymbol
  readonly timeframe: Timeframe
  readonly stored: number
  /** Open time of the first bar at or after the requested start (ms). */
  readonly requestedFrom: number
  readonly firstOpenTime: number | undefined
  readonly lastOpenTime: number | undefined
}

/**
 * Kraken's newest OHLC row is its forming bar. Our clock may run ahead of Kraken's, so a newest row that our clock
 * closed less than this long ago may still be forming there; older, it is a closed bar (a venue that omits the
 * forming row, as the simulator does, loses nothing).
 */
export const OHLC_SETTLE_MS = 60_000

/** Whether a bar opened at `openTimeMs` is closed for good at `nowMs`; the newest row must also have settled. */
export const isSettledBar = (timeframe: Timeframe, openTimeMs: number, nowMs: number, newest: boolean): boolean =>
  isBarClosed(timeframe, openTimeMs, newest ? nowMs - OHLC_SETTLE_MS : nowMs)

/** The closed bars of Kraken OHLC rows (oldest first) opened at or after `sinceMs`, as a series. */
export const closedBarsFromOhlc = (
  symbol: SpotSymbol,
  timeframe: Timeframe,
  rows: ReadonlyArray<SpotOhlcRow>,
  sinceMs: number,
  nowMs: number
): CandleSeries => {
  const kept = rows.filter(
    (row, i) => row.time * 1000 >= sinceMs && isSettledBar(timeframe, row.time * 1000, nowMs, i === rows.length - 1)
  )
  const series = emptySeries(symbol, timeframe, kept.length)
  kept.forEach((row, i) => {
    series.openTime[i] = row.time * 1000
    series.open[i] = row.open.toNumber()
    series.high[i] = row.high.toNumber()
    series.low[i] = row.low.toNumber()
    series.close[i] = row.close.toNumber()
    series.volume[i] = row.volume.toNumber()
  })
  return { ...series, length: kept.length }
}

/**
 * Fetches `symbol`'s `timeframe` bars since `sinceMs` from Kraken's public OHLC (paged on `last`) and upserts the
 * closed ones into the candles table. Kraken serves only its 720 most recent bars per interval, whatever `since`.
 */
export const downloadCandles = tracedFn("CandleDownload.downloadCandles")(function* (
  symbol: SpotSymbol,
  timeframe: Timeframe,
  sinceMs: number
) {
  const client = yield* SpotRest
  const repository = yield* CandleRepository
  const nowMs = yield* Clock.currentTimeMillis
  const step = timeframeMs[timeframe]
  // Every page that advances `last` adds at least one bar, so one page per bar in the range bounds the paging
  const maxPages = Math.max(1, Math.ceil((nowMs - sinceMs) / step) + 1)
  // One second before the start: the bar opening exactly at `since` is included whether Kraken's bound is > or >=
  const page = yield* client
    .ohlcSince(krakenSpotAltname(symbol), OHLC_INTERVALS[timeframe], Math.floor(sinceMs / 1000) - 1, maxPages)
    .pipe(Effect.mapError((error) => new CandleDownloadFailed({ symbol, timeframe, reason: error.message })))
  const series = closedBarsFromOhlc(symbol, timeframe, page.candles, sinceMs, nowMs)
  yield* repository.upsertSeries(series)
  return {
    symbol,
    timeframe,
    stored: series.length,
    requestedFrom: Math.ceil(sinceMs / step) * step,
    firstOpenTime: series.length > 0 ? series.openTime[0] : undefined,
    lastOpenTime: series.length > 0 ? series.openTime[series.length - 1] : undefined
  } satisfies DownloadOutcome
})

/**
 * Kraken's public Spot REST at `exchange.kraken.spot_rest_url`, whatever venue trades: history comes from Kraken
 * itself (the simulator has none), and public OHLC needs no key, so none is loaded.
 */
export const PublicSpotRestLive: Layer.Layer<SpotRest, never, AppConfig> = publicSpotRestLayer(
  Effect.map(AppConfig, (config) => config.exchange.kraken.spot_rest_url),
  Option.none()
).pipe(Layer.provide(FetchHttpClient.layer))
