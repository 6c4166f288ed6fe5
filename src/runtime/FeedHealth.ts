import type { SpotSymbol } from "../domain/Symbols.ts"

/** A ticker older than this (real time) is stale: the public stream is not delivering for that contract. */
export const TICKER_STALE_MS = 30_000
/** A symbol's candles are fresh when the newest closed bar opened at most this many bars before the current. */
const FRESH_BARS = 2
const BAR_15M_MS = 15 * 60_000

export interface FeedObservation {
  readonly symbol: SpotSymbol
  /** When the latest ticker arrived (real clock), if any did. */
  readonly tickerReceivedAt: number | undefined
  /** Open time of the newest closed candle of the watched timeframe (15m) held, if any. */
  readonly lastBarOpen: number | undefined
}

export interface FeedHealth {
  /** Symbols that may be entered this tick: a fresh ticker and fresh candles. */
  readonly tradable: ReadonlySet<SpotSymbol>
  readonly staleTickers: ReadonlyArray<SpotSymbol>
  readonly staleCandles: ReadonlyArray<SpotSymbol>
  /** False when too few symbols have fresh candles: no new entries at all. */
  readonly entriesAllowed: boolean
  readonly reasons: ReadonlyArray<string>
}

export interface FeedHealthInput {
  readonly observations: ReadonlyArray<FeedObservation>
  readonly realNowMs: number
  readonly marketNowMs: number
  /** Bar length of the watched timeframe: 15m (default), or a backtest's coarser data's own. */
  readonly barMs?: number
  /** `data.min_fresh_symbols_pct`: the share of symbols with fresh candles below which entries pause. */
  readonly minFreshShare: number
}

/**
 * The staleness watchdog (issue 8): stale market data blocks entries on that symbol, a mostly stale market blocks
 * every entry. (A lost private stream fails the tick's account read, so no entry is decided at all.) It never
 * blocks protection, which works from the venue's own state.
 */
export const assessFeeds = (input: FeedHealthInput): FeedHealth => {
  const barMs = input.barMs ?? BAR_15M_MS
  const currentBar = Math.floor(input.marketNowMs / barMs) * barMs
  const tickerFresh = (o: FeedObservation) =>
    o.tickerReceivedAt !== undefined && input.realNowMs - o.tickerReceivedAt <= TICKER_STALE_MS
  const candlesFresh = (o: FeedObservation) =>
    o.lastBarOpen !== undefined && currentBar - o.lastBarOpen <= FRESH_BARS * barMs
  const staleTickers = input.observations.filter((o) => !tickerFresh(o)).map((o) => o.symbol)
  const staleCandles = input.observations.filter((o) => !candlesFresh(o)).map((o) => o.symbol)
  const tradable = new Set(input.observations.filter((o) => tickerFresh(o) && candlesFresh(o)).map((o) => o.symbol))
  const freshShare =
    input.observations.length === 0 ? 0 : (input.observations.length - staleCandles.length) / input.observations.length
  const reasons = [
    ...(freshShare < input.minFreshShare
      ? [`only ${(freshShare * 100).toFixed(0)}% of symbols have fresh candles (minimum ${input.minFreshShare * 100}%)`]
      : [])
  ]
  return { tradable, staleTickers, staleCandles, entriesAllowed: reasons.length === 0, reasons }
}
