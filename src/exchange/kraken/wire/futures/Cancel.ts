import { Schema } from "effect"
import { FuturesSuccess } from "./FuturesResponse.ts"
import { OrderEvent } from "./OrderEvents.ts"

const OrderEvents = Schema.optional(Schema.Array(OrderEvent))

/** `POST /cancelorder` by `order_id` or `cliOrdId`. */
export const CancelStatus = Schema.Struct({
  status: Schema.Literal("cancelled", "filled", "notFound"),
  order_id: Schema.optional(Schema.String),
  cliOrdId: Schema.optional(Schema.NullOr(Schema.String)),
  receivedTime: Schema.String,
  orderEvents: OrderEvents
})
export const CancelOrderSuccess = FuturesSuccess({ cancelStatus: CancelStatus })
export type CancelOrderSuccess = typeof CancelOrderSuccess.Type

/** `POST /cancelallorders`, optionally for one symbol (`cancelOnly` is "all" or that symbol). */
export const CancelAllStatus = Schema.Struct({
  receivedTime: Schema.String,
  cancelOnly: Schema.String,
  status: Schema.Literal("cancelled", "noOrdersToCancel"),
  cancelledOrders: Schema.Array(
    Schema.Struct({ order_id: Schema.String, cliOrdId: Schema.optional(Schema.NullOr(Schema.String)) })
  ),
  orderEvents: OrderEvents
})
export const CancelAllOrdersSuccess = FuturesSuccess({ cancelStatus: CancelAllStatus })
export type CancelAllOrdersSuccess = typeof CancelAllOrdersSuccess.Type

/** `POST /cancelallordersafter` (dead man's switch); `triggerTime` is "0" when disarmed. */
export const CancelAllOrdersAfterSuccess = FuturesSuccess({
  status: Schema.Struct({ currentTime: Schema.String, triggerTime: Schema.String })
})
export type CancelAllOrdersAfterSuccess = typeof CancelAllOrdersAfterSuccess.Type
