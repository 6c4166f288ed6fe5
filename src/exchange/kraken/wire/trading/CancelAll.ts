import { Schema } from "effect"
import { AssetClass, Warnings, WireTime, WsRequest, WsResponse } from "../Envelope.ts"

/** Cancels every resting and untriggered order. */
export const CancelAllParams = Schema.Struct({ asset_class: AssetClass, token: Schema.String })

export const CancelAllResult = Schema.Struct({ count: Schema.Int, warnings: Schema.optional(Warnings) })

export const CancelAllRequest = WsRequest("cancel_all", CancelAllParams)
export const CancelAllResponse = WsResponse("cancel_all", CancelAllResult)
export type CancelAllResponse = typeof CancelAllResponse.Type

/**
 * Dead man's switch: every call resets the timer, `timeout: 0` disarms, expiry cancels all orders and disarms.
 * Whether UWS requires `asset_class` here is unconfirmed: optional when decoding, always sent by the adapter.
 */
export const CancelAllOrdersAfterParams = Schema.Struct({
  timeout: Schema.Int.pipe(Schema.nonNegative()),
  asset_class: Schema.optional(AssetClass),
  token: Schema.String
})

export const CancelAllOrdersAfterResult = Schema.Struct({
  currentTime: WireTime,
  triggerTime: WireTime,
  warnings: Schema.optional(Warnings)
})

export const CancelAllOrdersAfterRequest = WsRequest("cancel_all_orders_after", CancelAllOrdersAfterParams)
export const CancelAllOrdersAfterResponse = WsResponse("cancel_all_orders_after", CancelAllOrdersAfterResult)
export type CancelAllOrdersAfterResponse = typeof CancelAllOrdersAfterResponse.Type
