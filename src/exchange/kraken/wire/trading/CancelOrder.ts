import { Schema } from "effect"
import { AssetClass, Warnings, WsRequest, WsResponse } from "../Envelope.ts"
import { exactlyOneId } from "./OrderFields.ts"

const Ids = Schema.Array(Schema.String).pipe(Schema.minItems(1))

/** Cancels by `order_id` list (UUIDs) or by `cl_ord_id` list, never both. */
export const CancelOrderParams = Schema.Struct({
  order_id: Schema.optional(Ids),
  cl_ord_id: Schema.optional(Ids),
  asset_class: AssetClass,
  token: Schema.String
}).pipe(Schema.filter((p) => exactlyOneId(p) || "exactly one of order_id and cl_ord_id is required"))
export type CancelOrderParams = typeof CancelOrderParams.Type

export const CancelOrderResult = Schema.Struct({
  order_id: Schema.optional(Schema.String),
  cl_ord_id: Schema.optional(Schema.String),
  warnings: Schema.optional(Warnings)
})

export const CancelOrderRequest = WsRequest("cancel_order", CancelOrderParams)
export const CancelOrderResponse = WsResponse("cancel_order", CancelOrderResult)
export type CancelOrderResponse = typeof CancelOrderResponse.Type
