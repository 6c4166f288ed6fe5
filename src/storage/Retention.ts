import { Clock, Effect } from "effect"
import type { RetentionConfig } from "../config/schema/RuntimeConfig.ts"
import { TIMEFRAMES, type Timeframe } from "../domain/Timeframe.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { CandleRepository } from "./CandleRepository.ts"
import { SystemEventRepository } from "./SystemEventRepository.ts"

const DAY_MS = 86_400_000

/** Rows deleted by one retention pass, and the time their ages were counted back from. */
export interface RetentionReport {
  readonly reference: number
  readonly candles: Readonly<Partial<Record<Timeframe, number>>>
  readonly decisionTraces: number
}

const candleDays = (retention: typeof RetentionConfig.Type): Readonly<Record<Timeframe, number | null>> => ({
  "15m": retention.candles_15m_days,
  "1h": retention.candles_1h_days,
  "4h": retention.candles_4h_days,
  "1d": retention.candles_1d_days
})

/**
 * The time ages count back from: the earliest of the real clock, the newest stored candle's open time and
 * `marketNow` (the process's market clock, when it runs one). Candles and decision traces carry market time: on the
 * simulator that is years behind the real clock by default, which would find a whole database old and delete it;
 * the newest candle, or the market clock, is where that market's "now" is. On Kraken both are (about) now. A
 * market clock ahead of the real one (accelerated) never counts: the real clock keeps more rows, never fewer.
 */
const retentionReference = (marketNow: number | undefined) =>
  Effect.gen(function* () {
    const real = yield* Clock.currentTimeMillis
    const series = yield* (yield* CandleRepository).storedSeries
    const newestCandle = series.length === 0 ? real : Math.max(...series.map((s) => s.lastOpenTime))
    return Math.min(real, newestCandle, marketNow ?? real)
  })

/**
 * Deletes candles and decision-trace events past their configured age (spec/runtime-and-ops.md §4), counted back
 * from `retentionReference`; a `null` age keeps that data. Signals, errors and every other event type are kept.
 */
export const applyRetention = tracedFn("Storage.applyRetention")(function* (
  retention: typeof RetentionConfig.Type,
  marketNow?: number
) {
  const candles = yield* CandleRepository
  const events = yield* SystemEventRepository
  const reference = yield* retentionReference(marketNow)
  const cutoff = (days: number) => reference - Math.round(days * DAY_MS)
  const deleted: Partial<Record<Timeframe, number>> = {}
  for (const timeframe of TIMEFRAMES) {
    const days = candleDays(retention)[timeframe]
    if (days !== null) deleted[timeframe] = yield* candles.deleteOlderThan(timeframe, cutoff(days))
  }
  const traceDays = retention.decision_trace_days
  const decisionTraces = traceDays === null ? 0 : yield* events.prune("decision_trace", cutoff(traceDays))
  return { reference, candles: deleted, decisionTraces } satisfies RetentionReport
})
