import { Either, Option } from "effect"
import type { Fill } from "../domain/Order.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeOrder, PlacedOrder, OrderRequest as VenueOrderRequest } from "../exchange/Exchange.ts"
import type { OrderEntryError } from "../exchange/ExchangeErrors.ts"
import type { TrackedOrder } from "./ManagedPosition.ts"
import type { IntentLookup, SendOutcome } from "./OrderIntent.ts"
import type { OrderRequest } from "./OrderRequest.ts"
import type { PositionEvent } from "./PositionEvent.ts"

/** The port's request for a machine placement (the machine never asks for post-only orders). */
export const venueRequestOf = (request: OrderRequest): VenueOrderRequest => ({
  clientOrderId: request.clientOrderId,
  symbol: request.symbol,
  side: request.side,
  type: request.type,
  quantity: request.quantity,
  limitPrice: request.limitPrice,
  triggerPrice: request.triggerPrice,
  triggerReference: request.triggerReference,
  reduceOnly: request.reduceOnly,
  postOnly: false
})

/**
 * What a placement's result says about the order. Only an unknown result or an unreadable reply may have left an
 * order on the venue; every other failure did nothing (a transient or rate-limit failure never left the process
 * or was refused before acting), so it counts as a rejection the protection service can retry.
 */
export const sendOutcomeOf = (result: Either.Either<PlacedOrder, OrderEntryError>): SendOutcome =>
  Either.match(result, {
    onRight: (placed): SendOutcome => ({ _tag: "Acknowledged", orderId: placed.orderId }),
    onLeft: (error): SendOutcome =>
      error._tag === "UnknownResult" || error._tag === "ExchangeDecodeError"
        ? { _tag: "Ambiguous", reason: error.message }
        : { _tag: "Rejected", reason: error.message }
  })

/** The event that tells the position what the venue said about its placement (none while ambiguous). */
export const outcomeEvent = (
  request: OrderRequest,
  outcome: SendOutcome,
  at: EpochMillis
): PositionEvent | undefined => {
  switch (outcome._tag) {
    case "Acknowledged":
      return { _tag: "OrderAccepted", clientOrderId: request.clientOrderId, orderId: outcome.orderId, at }
    case "Rejected":
      return { _tag: "OrderRejected", clientOrderId: request.clientOrderId, reason: outcome.reason, at }
    case "Ambiguous":
    case "Adopted":
      return undefined
  }
}

/** A lookup by client id as the intent rules read it. */
export const lookupOf = (order: Option.Option<ExchangeOrder>): IntentLookup =>
  Option.match(order, {
    onNone: (): IntentLookup => ({ _tag: "NotFound" }),
    onSome: (o): IntentLookup => ({
      _tag: "Found",
      orderId: o.orderId,
      status: o.status,
      filledQuantity: o.filledQuantity
    })
  })

/**
 * The position event an order update carries: acknowledged while it works, closed (with the venue's cumulative
 * fill, so a missed fill is detected) once finished, rejected when refused. Orders without our client id are
 * not ours to route.
 */
export const orderUpdateEvent = (order: ExchangeOrder, at: EpochMillis): PositionEvent | undefined => {
  if (Option.isNone(order.clientOrderId)) return undefined
  const clientOrderId = order.clientOrderId.value
  switch (order.status) {
    case "pending_new":
    case "new":
    case "partially_filled":
      return { _tag: "OrderAccepted", clientOrderId, orderId: order.orderId, at }
    case "rejected":
      return { _tag: "OrderRejected", clientOrderId, reason: "the venue reports the order rejected", at }
    case "filled":
    case "canceled":
    case "expired":
      return {
        _tag: "OrderClosed",
        clientOrderId,
        orderId: order.orderId,
        status: order.status === "canceled" ? "cancelled" : order.status,
        filledQuantity: order.filledQuantity,
        at
      }
  }
}

/** One execution of one of our orders, identified by the venue's execution id. */
export const fillEvent = (fill: Fill): PositionEvent => ({
  _tag: "OrderFilled",
  fillId: fill.fillId,
  ...(fill.clientOrderId === undefined ? {} : { clientOrderId: fill.clientOrderId }),
  orderId: fill.orderId,
  quantity: fill.quantity,
  price: fill.price,
  fee: fill.fee,
  at: fill.time
})

/** The venue lists this order of ours among its open orders (by client id, else by venue id). */
export const isListed = (order: TrackedOrder, openOrders: ReadonlyArray<ExchangeOrder>): boolean =>
  openOrders.some(
    (v) =>
      (Option.isSome(v.clientOrderId) && v.clientOrderId.value === order.clientOrderId) ||
      (order.orderId !== undefined && v.orderId === order.orderId)
  )
