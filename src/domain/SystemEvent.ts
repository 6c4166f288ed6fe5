import { Schema } from "effect"
import { SpotSymbol } from "./Symbols.ts"
import { EpochMillis } from "./Time.ts"

/** Every kind of event the system records: a closed set, so retention and queries match values, not text. */
export const SystemEventType = Schema.Literal(
  "startup",
  "shutdown",
  "tick_completed",
  "signal_generated",
  "decision_trace",
  "order_placed",
  "order_filled",
  "order_cancelled",
  "order_rejected",
  "position_opened",
  "position_closed",
  "stop_replaced",
  "kill_switch_activated",
  "kill_switch_cleared",
  "safety_state_changed",
  "invariant_violation",
  "reconciliation",
  "takeover",
  "error"
)
export type SystemEventType = typeof SystemEventType.Type

/** Structured payload; values must be JSON-serialisable (stored as a JSON column). */
export const EventDetails = Schema.Record({ key: Schema.String, value: Schema.Unknown })
export type EventDetails = typeof EventDetails.Type

/** One row of the system_events table (runtime-and-ops §4). */
export class SystemEvent extends Schema.Class<SystemEvent>("SystemEvent")({
  timestamp: EpochMillis,
  eventType: SystemEventType,
  symbol: Schema.optional(SpotSymbol),
  /** Ties together every event of one tick's decision for one symbol. */
  decisionId: Schema.optional(Schema.NonEmptyTrimmedString),
  details: EventDetails
}) {}
