import { Clock, Effect, Option, Schema } from "effect"
import type { SystemEvent } from "../domain/SystemEvent.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"

/** The parts of a recorded Signal (StrategyEngine writes `{ signal: <encoded Signal> }`) the dashboard shows. */
const SignalDigest = Schema.Struct({
  side: Schema.optional(Schema.String),
  code: Schema.optional(Schema.String),
  score: Schema.optional(Schema.Number),
  threshold: Schema.optional(Schema.Number),
  entryPrice: Schema.optional(Schema.String),
  stopLoss: Schema.optional(Schema.String),
  takeProfit: Schema.optional(Schema.String),
  reasoning: Schema.optional(Schema.Array(Schema.String))
})
const digestOf = Schema.decodeUnknownOption(SignalDigest)
const NO_DIGEST: typeof SignalDigest.Type = {}

export interface EventSummary {
  readonly timestamp: number
  readonly type: "signal_generated" | "decision_trace"
  readonly symbol: string | null
  readonly decisionId: string | null
  /** The side of a trade signal, or the rejection code of a no-signal. */
  readonly outcome: string
  readonly score: number | null
  readonly threshold: number | null
  readonly levels: { readonly entry: string; readonly stop: string; readonly takeProfit: string } | null
  readonly reasons: ReadonlyArray<string>
}

/** One decision as a line for the operator; details the digest does not know are left out, not echoed. */
export const summarizeEvent = (event: SystemEvent & { readonly eventType: EventSummary["type"] }): EventSummary => {
  const digest = Option.getOrElse(digestOf(event.details.signal ?? event.details), () => NO_DIGEST)
  const levels =
    digest.entryPrice !== undefined && digest.stopLoss !== undefined && digest.takeProfit !== undefined
      ? { entry: digest.entryPrice, stop: digest.stopLoss, takeProfit: digest.takeProfit }
      : null
  return {
    timestamp: event.timestamp,
    type: event.eventType,
    symbol: event.symbol ?? null,
    decisionId: event.decisionId ?? null,
    outcome: digest.side ?? digest.code ?? (event.eventType === "signal_generated" ? "signal" : "no signal"),
    score: digest.score ?? null,
    threshold: digest.threshold ?? null,
    levels,
    reasons: digest.reasoning ?? []
  }
}

const isDecision = (event: SystemEvent): event is SystemEvent & { readonly eventType: EventSummary["type"] } =>
  event.eventType === "signal_generated" || event.eventType === "decision_trace"

/** Signals and decision traces of the last `windowMs`, newest first, at most `limit`. */
export const recentDecisions = tracedFn("Dashboard.recentDecisions")(function* (windowMs: number, limit: number) {
  const events = yield* SystemEventRepository
  const now = yield* Clock.currentTimeMillis
  const range = { from: now - windowMs, to: now + 1 }
  const [signals, traces] = yield* Effect.all([
    events.byType("signal_generated", range),
    events.byType("decision_trace", range)
  ])
  return [...signals, ...traces]
    .filter(isDecision)
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, limit)
    .map(summarizeEvent)
})
