import { Schema } from "effect"
import { AssetClass, Warnings, WsRequest, WsResponse } from "../Envelope.ts"
import { OrderEntryFields, OrderFields } from "./OrderFields.ts"

export const BATCH_MIN_ORDERS = 2
export const BATCH_MAX_ORDERS = 15

/** 2–15 orders on a single symbol; a validation error rejects the whole batch. */
export const BatchAddParams = Schema.Struct({
  ...OrderEntryFields,
  asset_class: AssetClass,
  symbol: Schema.String,
  orders: Schema.Array(Schema.Struct(OrderFields)).pipe(
    Schema.minItems(BATCH_MIN_ORDERS),
    Schema.maxItems(BATCH_MAX_ORDERS)
  ),
  token: Schema.String
})
export type BatchAddParams = typeof BatchAddParams.Type

/** One entry per leg; legs are matched by their echoed `cl_ord_id`. */
export const BatchAddResult = Schema.Array(
  Schema.Struct({
    order_id: Schema.String,
    cl_ord_id: Schema.optional(Schema.String),
    warnings: Schema.optional(Warnings)
  })
)

export const BatchAddRequest = WsRequest("batch_add", BatchAddParams)
export const BatchAddResponse = WsResponse("batch_add", BatchAddResult)
export type BatchAddResponse = typeof BatchAddResponse.Type
