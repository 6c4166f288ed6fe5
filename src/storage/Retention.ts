import { Clock, Effect } from "effect"
import type { RetentionConfig } from "../config/schema/RuntimeConfig.ts"
import { TIMEFRAMES, type Timeframe } from "../domain/Timeframe.ts"
import { CandleRepository } from "./CandleRepository.ts"
import { SystemEventRepository } from "./SystemEventRepository.ts"

const DAY_MS = 86_400_000

/** Rows deleted by one retention pass. */
export interface RetentionReport {
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
 * Deletes candles and decision-trace events past their configured age (spec/runtime-and-ops.md §4); a `null`
 * age keeps that data. Signals, errors and every other event type are kept. Ages count back from `reference`,
 * a reading of the clock those rows were written with (both carry market time; the live process passes the
 * earlier of its market and real clocks' readings); without it, the real clock.
 */
export const applyRetention = Effect.fn("Storage.applyRetention")(function* (
  retention: typeof RetentionConfig.Type,
  reference?: number
) {
  const candles = yield* CandleRepository
  const events = yield* SystemEventRepository
  const now = reference ?? (yield* Clock.currentTimeMillis)
  const cutoff = (days: number) => now - Math.round(days * DAY_MS)
  const deleted: Partial<Record<Timeframe, number>> = {}
  for (const timeframe of TIMEFRAMES) {
    const days = candleDays(retention)[timeframe]
    if (days !== null) deleted[timeframe] = yield* candles.deleteOlderThan(timeframe, cutoff(days))
  }
  const traceDays = retention.decision_trace_days
  const decisionTraces = traceDays === null ? 0 : yield* events.prune("decision_trace", cutoff(traceDays))
  return { candles: deleted, decisionTraces } satisfies RetentionReport
})
