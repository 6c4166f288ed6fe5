import { Schema } from "effect"
import { AssetClass, Warnings, WsRequest, WsResponse } from "../Envelope.ts"
import { OrderEntryFields, OrderFields } from "./OrderFields.ts"

export const AddOrderParams = Schema.Struct({
  ...OrderFields,
  ...OrderEntryFields,
  symbol: Schema.String,
  asset_class: AssetClass,
  token: Schema.String
})
export type AddOrderParams = typeof AddOrderParams.Type

/** Derivatives order ids are UUIDs. */
export const AddOrderResult = Schema.Struct({
  order_id: Schema.String,
  cl_ord_id: Schema.optional(Schema.String),
  warnings: Schema.optional(Warnings)
})

export const AddOrderRequest = WsRequest("add_order", AddOrderParams)
export const AddOrderResponse = WsResponse("add_order", AddOrderResult)
export type AddOrderResponse = typeof AddOrderResponse.Type
