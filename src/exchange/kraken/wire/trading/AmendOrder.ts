import { Schema } from "effect"
import { AssetClass, Warnings, WireTime, WsRequest, WsResponse } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"
import { exactlyOneId } from "./OrderFields.ts"

/** In-place change: ids stay, queue priority is kept where possible; identify by `order_id` or `cl_ord_id`. */
export const AmendOrderParams = Schema.Struct({
  order_id: Schema.optional(Schema.String),
  cl_ord_id: Schema.optional(Schema.String),
  order_qty: Schema.optional(WireDecimal),
  limit_price: Schema.optional(WireDecimal),
  trigger_price: Schema.optional(WireDecimal),
  post_only: Schema.optional(Schema.Boolean),
  deadline: Schema.optional(WireTime),
  asset_class: AssetClass,
  token: Schema.String
}).pipe(Schema.filter((p) => exactlyOneId(p) || "exactly one of order_id and cl_ord_id is required"))
export type AmendOrderParams = typeof AmendOrderParams.Type

/** For derivatives `amend_id` may be an empty string. */
export const AmendOrderResult = Schema.Struct({
  amend_id: Schema.String,
  order_id: Schema.optional(Schema.String),
  cl_ord_id: Schema.optional(Schema.String),
  warnings: Schema.optional(Warnings)
})

export const AmendOrderRequest = WsRequest("amend_order", AmendOrderParams)
export const AmendOrderResponse = WsResponse("amend_order", AmendOrderResult)
export type AmendOrderResponse = typeof AmendOrderResponse.Type
