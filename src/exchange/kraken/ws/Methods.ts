import type { Schema } from "effect"
import { SubscribeRequest, SubscribeResponse } from "../wire/Subscribe.ts"
import { AddOrderRequest, AddOrderResponse } from "../wire/trading/AddOrder.ts"
import { AmendOrderRequest, AmendOrderResponse } from "../wire/trading/AmendOrder.ts"
import { BatchAddRequest, BatchAddResponse } from "../wire/trading/BatchAdd.ts"
import {
  CancelAllOrdersAfterRequest,
  CancelAllOrdersAfterResponse,
  CancelAllRequest,
  CancelAllResponse
} from "../wire/trading/CancelAll.ts"
import { CancelOrderRequest, CancelOrderResponse } from "../wire/trading/CancelOrder.ts"

/** What every method response decodes to: the result, or the venue's single error string. */
export type Outcome =
  | { readonly success: true; readonly result: unknown }
  | { readonly success: false; readonly error: string }

/** A Unified WebSocket method: its name, the schema of its params and that of its response frame. */
export interface Method<P, PI, Resp extends Outcome, RespI> {
  readonly method: string
  readonly params: Schema.Schema<P, PI>
  readonly response: Schema.Schema<Resp, RespI>
}

/** The success result of a response type. */
export type ResultOf<Resp extends Outcome> = Extract<Resp, { readonly success: true }>["result"]

const method = <P, PI, Resp extends Outcome, RespI>(
  name: string,
  request: { readonly fields: { readonly params: Schema.Schema<P, PI> } },
  response: Schema.Schema<Resp, RespI>
): Method<P, PI, Resp, RespI> => ({ method: name, params: request.fields.params, response })

export const Subscribe = method("subscribe", SubscribeRequest, SubscribeResponse)
export const AddOrder = method("add_order", AddOrderRequest, AddOrderResponse)
export const AmendOrder = method("amend_order", AmendOrderRequest, AmendOrderResponse)
export const CancelOrder = method("cancel_order", CancelOrderRequest, CancelOrderResponse)
export const CancelAll = method("cancel_all", CancelAllRequest, CancelAllResponse)
export const CancelAllOrdersAfter = method(
  "cancel_all_orders_after",
  CancelAllOrdersAfterRequest,
  CancelAllOrdersAfterResponse
)
export const BatchAdd = method("batch_add", BatchAddRequest, BatchAddResponse)
