import type { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"

/** Per symbol, the last decision_trace recorded: its time and what it said. */
export type TraceMemory = ReadonlyMap<string, { readonly at: EpochMillis; readonly outcome: string }>

export const emptyTraceMemory: TraceMemory = new Map()

/** What a trace says, for the interval: outcome, reason code, stage and side; not the signal's numbers. */
const outcomeOf = (details: SystemEvent["details"]): string =>
  JSON.stringify([details.outcome, details.code, details.stage, details.signalSide ?? details.side ?? null])

/** An accepted entry or an auction close is an action: its decisionId is what the position's records join on. */
const isAction = (details: SystemEvent["details"]): boolean =>
  details.outcome === "accepted" || details.outcome === "close"

/**
 * `runtime.decision_trace_interval_minutes` applied to one tick's events before they are recorded: a symbol's
 * decision_trace is kept when the symbol has none recorded within the interval (by the events' market time), when
 * it says something else than the symbol's last recorded trace (outcome, code, stage, side), or when it is an action
 * (entry, close), which is always kept. So a signal refused tick after tick for the same reason is recorded once per
 * interval, while every change and every action is recorded as it happens. Other events pass untouched.
 */
export const throttleDecisionTraces = (
  memory: TraceMemory,
  events: ReadonlyArray<SystemEvent>,
  intervalMs: number
): { readonly recorded: ReadonlyArray<SystemEvent>; readonly memory: TraceMemory } => {
  const next = new Map(memory)
  const recorded = events.filter((event) => {
    if (event.eventType !== "decision_trace" || event.symbol === undefined) return true
    const outcome = outcomeOf(event.details)
    const last = next.get(event.symbol)
    const kept =
      last === undefined ||
      last.outcome !== outcome ||
      event.timestamp - last.at >= intervalMs ||
      // A market clock that went back (a restarted simulator) starts afresh
      event.timestamp < last.at ||
      isAction(event.details)
    if (kept) next.set(event.symbol, { at: event.timestamp, outcome })
    return kept
  })
  return { recorded, memory: next }
}
