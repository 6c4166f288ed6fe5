import { Schema } from "effect"
import { NonNegativeDecimal, PositiveDecimal } from "../domain/Money.ts"
import { ClientOrderId, ExchangeOrderId } from "../domain/Order.ts"
import { EpochMillis } from "../domain/Time.ts"
import { ExitReason } from "../domain/Trade.ts"

// Exchange events carry the venue's identity (client id, execution id); commands carry an id chosen by the shell
// (deterministic per decision, e.g. the tick time), so replaying either after a crash is recognised.

/** The venue acknowledged one of our orders and bound its id. */
export const OrderAccepted = Schema.TaggedStruct("OrderAccepted", {
  clientOrderId: ClientOrderId,
  orderId: ExchangeOrderId,
  at: EpochMillis
})

/** One execution of one of our orders, identified by the venue's execution id. */
export const OrderFilled = Schema.TaggedStruct("OrderFilled", {
  fillId: Schema.NonEmptyTrimmedString,
  clientOrderId: Schema.optional(ClientOrderId),
  orderId: Schema.optional(ExchangeOrderId),
  quantity: PositiveDecimal,
  price: PositiveDecimal,
  fee: NonNegativeDecimal,
  at: EpochMillis
})

/** The venue refused the order: it never rested. */
export const OrderRejected = Schema.TaggedStruct("OrderRejected", {
  clientOrderId: ClientOrderId,
  reason: Schema.String,
  at: EpochMillis
})

/** The order reached a terminal status; `filledQuantity` is the venue's cumulative fill, to detect missed fills. */
export const OrderClosed = Schema.TaggedStruct("OrderClosed", {
  clientOrderId: ClientOrderId,
  orderId: Schema.optional(ExchangeOrderId),
  status: Schema.Literal("filled", "cancelled", "expired"),
  filledQuantity: NonNegativeDecimal,
  at: EpochMillis
})

/** The venue took an amendment of one of our orders to this total quantity (a stop resized down). */
export const OrderAmended = Schema.TaggedStruct("OrderAmended", {
  clientOrderId: ClientOrderId,
  quantity: PositiveDecimal,
  at: EpochMillis
})

/** Move the stop toward profit (break-even, trailing, manual); validated against invariant D first. */
export const MoveStop = Schema.TaggedStruct("MoveStop", {
  commandId: Schema.NonEmptyTrimmedString,
  price: PositiveDecimal,
  reason: Schema.Literal("break_even", "trailing", "manual"),
  at: EpochMillis
})

/** Close the whole remaining quantity with a reduce-only market order. */
export const RequestExit = Schema.TaggedStruct("RequestExit", {
  commandId: Schema.NonEmptyTrimmedString,
  reason: ExitReason,
  at: EpochMillis
})

/** A close stuck in EXIT_PENDING is sent again (trading-core §6.6): a new reduce-only market order for the remaining size. */
export const EscalateExit = Schema.TaggedStruct("EscalateExit", {
  commandId: Schema.NonEmptyTrimmedString,
  at: EpochMillis
})

/** Withdraw an entry that has not filled yet. */
export const CancelEntry = Schema.TaggedStruct("CancelEntry", {
  commandId: Schema.NonEmptyTrimmedString,
  at: EpochMillis
})

/** The setup's intent is confirmed: a tight setup may now reach break-even (§5.7). */
export const ConfirmIntent = Schema.TaggedStruct("ConfirmIntent", {
  commandId: Schema.NonEmptyTrimmedString,
  at: EpochMillis
})

/** The protection service asks to place the stop again after a rejection. */
export const RetryProtection = Schema.TaggedStruct("RetryProtection", {
  commandId: Schema.NonEmptyTrimmedString,
  at: EpochMillis
})

/** Re-place the take-profit levels the venue no longer holds (trading-core §6.7); `mark` filters levels passed. */
export const BackfillTakeProfits = Schema.TaggedStruct("BackfillTakeProfits", {
  commandId: Schema.NonEmptyTrimmedString,
  mark: PositiveDecimal,
  at: EpochMillis
})

/** Reconciliation saw this quantity on the exchange (0 = no position); `price` = the exchange's entry price. */
export const QuantityObserved = Schema.TaggedStruct("QuantityObserved", {
  observationId: Schema.NonEmptyTrimmedString,
  quantity: NonNegativeDecimal,
  price: Schema.optional(PositiveDecimal),
  at: EpochMillis
})

export const PositionEvent = Schema.Union(
  OrderAccepted,
  OrderFilled,
  OrderRejected,
  OrderClosed,
  OrderAmended,
  MoveStop,
  RequestExit,
  EscalateExit,
  CancelEntry,
  ConfirmIntent,
  RetryProtection,
  BackfillTakeProfits,
  QuantityObserved
)
export type PositionEvent = typeof PositionEvent.Type

/** The identity under which an event is recorded as processed: the same identity twice changes nothing. */
export const eventId = (event: PositionEvent): string => {
  switch (event._tag) {
    case "OrderAccepted":
      return `accepted:${event.clientOrderId}`
    case "OrderFilled":
      return `fill:${event.fillId}`
    case "OrderRejected":
      return `rejected:${event.clientOrderId}`
    case "OrderClosed":
      return `${event.status}:${event.clientOrderId}`
    case "OrderAmended":
      return `amended:${event.clientOrderId}:${event.quantity}`
    case "QuantityObserved":
      return `observed:${event.observationId}`
    default:
      return `command:${event._tag}:${event.commandId}`
  }
}
