import { Schema } from "effect"
import { type Decimal, ZERO } from "../domain/Money.ts"
import { type ExchangeOrderId, ExchangeOrderId as ExchangeOrderIdSchema, type OrderStatus } from "../domain/Order.ts"
import { EpochMillis } from "../domain/Time.ts"
import { orderLabel } from "./ClientOrderIds.ts"
import { OrderRequest } from "./OrderRequest.ts"
import type { PositionEvent } from "./PositionEvent.ts"

/**
 * Write-ahead state of one order submission (trading-core §5.12). `pending`: committed, certainly not handed
 * to the transport; `sent`: committed just before the transport call, so the venue may or may not have it;
 * `unknown`: the call ended without a clear answer (timeout, dropped socket); `withdrawn`: no longer wanted
 * and never sent; `adopted`: the venue no longer lists it, but the exposure it created was taken into the position. Only `pending` may be sent without first looking the client id up on the venue.
 */
export const IntentStatus = Schema.Literal(
  "pending",
  "sent",
  "acknowledged",
  "rejected",
  "unknown",
  "withdrawn",
  "adopted"
)
export type IntentStatus = typeof IntentStatus.Type

export const OrderIntent = Schema.Struct({
  request: OrderRequest,
  /** `<purpose>-<positionId>-<seq>`: the readable name of the hash-shaped client order id. */
  label: Schema.String,
  status: IntentStatus,
  orderId: Schema.optional(ExchangeOrderIdSchema),
  detail: Schema.optional(Schema.String),
  createdAt: EpochMillis,
  updatedAt: EpochMillis
})
export type OrderIntent = typeof OrderIntent.Type

export const newIntent = (request: OrderRequest, at: EpochMillis): OrderIntent => ({
  request,
  label: orderLabel(request.positionId, request.purpose, request.seq),
  status: "pending",
  createdAt: at,
  updatedAt: at
})

export const isUnresolved = (intent: OrderIntent): boolean =>
  intent.status === "pending" || intent.status === "sent" || intent.status === "unknown"

/** What the transport said about one submission. */
export type SendOutcome =
  | { readonly _tag: "Acknowledged"; readonly orderId: ExchangeOrderId }
  | { readonly _tag: "Rejected"; readonly reason: string }
  /** No clear answer: the order may or may not rest on the venue. */
  | { readonly _tag: "Ambiguous"; readonly reason: string }
  /** Resolved without the venue's answer: the position adopted what the order did (a fill seen only as exposure). */
  | { readonly _tag: "Adopted"; readonly reason: string }

export const recordOutcome = (intent: OrderIntent, outcome: SendOutcome, at: EpochMillis): OrderIntent => {
  switch (outcome._tag) {
    case "Acknowledged":
      return { ...intent, status: "acknowledged", orderId: outcome.orderId, updatedAt: at }
    case "Rejected":
      return { ...intent, status: "rejected", detail: outcome.reason, updatedAt: at }
    case "Ambiguous":
      return { ...intent, status: "unknown", detail: outcome.reason, updatedAt: at }
    case "Adopted":
      return { ...intent, status: "adopted", detail: outcome.reason, updatedAt: at }
  }
}

/** The venue's answer to "do you know this client order id?" (open orders, order history and executions). */
export type IntentLookup =
  | {
      readonly _tag: "Found"
      readonly orderId: ExchangeOrderId
      readonly status: OrderStatus
      readonly filledQuantity: Decimal
    }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "LookupFailed"; readonly reason: string }

export type IntentResolution =
  /** Nothing to do: the intent is already settled. */
  | { readonly _tag: "Settled" }
  /** Certainly never sent and still wanted: send it now, with the same client id. */
  | { readonly _tag: "Send" }
  /** Never sent and no longer wanted: mark it withdrawn. */
  | { readonly _tag: "Withdraw" }
  /** It may have reached the venue: look the client id up before anything else. */
  | { readonly _tag: "LookUp" }
  /** The venue has it: bind the id, then replay its fills by venue order id. */
  | { readonly _tag: "Acknowledge"; readonly orderId: ExchangeOrderId; readonly replayFills: boolean }
  /** The venue refused it. */
  | { readonly _tag: "Reject"; readonly reason: string }
  /** The venue never got it and the order only reduces exposure: resend with the same client id. */
  | { readonly _tag: "Resend" }
  /** The venue never got it and resending could add exposure or is unwanted: give it up. */
  | { readonly _tag: "Abandon"; readonly reason: string }
  /** The lookup failed: stay unresolved and send nothing for this position until it succeeds. */
  | { readonly _tag: "Wait"; readonly reason: string }

/**
 * The restart rule for one intent (trading-core §5.12 "Do"): a `pending` intent was certainly not sent; a
 * `sent` or `unknown` one is resolved only by looking its client id up, never by resending blindly. An entry
 * the venue does not know is abandoned rather than resent (reconciliation adopts any exposure it did create);
 * a reduce-only order is resent with the same client id, so the venue itself refuses a duplicate.
 * `stillWanted`: the position's record still waits for this order.
 */
export const resolveIntent = (
  intent: OrderIntent,
  stillWanted: boolean,
  lookup: IntentLookup | undefined
): IntentResolution => {
  if (!isUnresolved(intent)) return { _tag: "Settled" }
  if (intent.status === "pending") return stillWanted ? { _tag: "Send" } : { _tag: "Withdraw" }
  if (lookup === undefined) return { _tag: "LookUp" }
  switch (lookup._tag) {
    case "Found":
      return lookup.status === "rejected"
        ? { _tag: "Reject", reason: "the venue reports the order rejected" }
        : { _tag: "Acknowledge", orderId: lookup.orderId, replayFills: lookup.filledQuantity.gt(0) }
    case "NotFound":
      if (!stillWanted) return { _tag: "Abandon", reason: "not on the venue and no longer wanted" }
      return intent.request.reduceOnly
        ? { _tag: "Resend" }
        : { _tag: "Abandon", reason: "an entry the venue does not know is never resent" }
    case "LookupFailed":
      return { _tag: "Wait", reason: lookup.reason }
  }
}

/** The event that tells the position about a resolution, when it needs one. */
export const resolutionEvent = (
  intent: OrderIntent,
  resolution: IntentResolution,
  at: EpochMillis
): PositionEvent | undefined => {
  const clientOrderId = intent.request.clientOrderId
  switch (resolution._tag) {
    case "Acknowledge":
      return { _tag: "OrderAccepted", clientOrderId, orderId: resolution.orderId, at }
    case "Reject":
      return { _tag: "OrderRejected", clientOrderId, reason: resolution.reason, at }
    case "Abandon":
      // An entry the position still waits for is refused; an order nobody wants simply never rested.
      return intent.request.purpose === "entry"
        ? { _tag: "OrderRejected", clientOrderId, reason: resolution.reason, at }
        : { _tag: "OrderClosed", clientOrderId, status: "cancelled", filledQuantity: ZERO, at }
    case "Withdraw":
      return { _tag: "OrderClosed", clientOrderId, status: "cancelled", filledQuantity: ZERO, at }
    default:
      return undefined
  }
}
