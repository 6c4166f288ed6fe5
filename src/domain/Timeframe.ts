import { Schema } from "effect"

/** The candle timeframes the system trades on, shortest first. */
export const TIMEFRAMES = ["15m", "1h", "4h", "1d"] as const

export const Timeframe = Schema.Literal(...TIMEFRAMES)
export type Timeframe = typeof Timeframe.Type

const MINUTE_MS = 60_000

/** Length of one bar of each timeframe, in milliseconds. */
export const timeframeMs: Readonly<Record<Timeframe, number>> = {
  "15m": 15 * MINUTE_MS,
  "1h": 60 * MINUTE_MS,
  "4h": 240 * MINUTE_MS,
  "1d": 1_440 * MINUTE_MS
}

/** Open time of the bar of `timeframe` that contains `timeMs` (bars are aligned to the Unix epoch, UTC). */
export const barOpenTime = (timeframe: Timeframe, timeMs: number): number =>
  Math.floor(timeMs / timeframeMs[timeframe]) * timeframeMs[timeframe]

/** True when the bar opened at `openTimeMs` has closed by `nowMs`: only closed bars feed analysis. */
export const isBarClosed = (timeframe: Timeframe, openTimeMs: number, nowMs: number): boolean =>
  openTimeMs + timeframeMs[timeframe] <= nowMs
