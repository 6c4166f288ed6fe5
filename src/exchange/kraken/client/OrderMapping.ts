import { Either, Option, Schema } from "effect"
import type { Decimal } from "../../../domain/Money.ts"
import { ClientOrderId, ExchangeOrderId, type OrderType } from "../../../domain/Order.ts"
import type { Amendment, OrderRef, OrderRequest } from "../../Exchange.ts"
import { OrderRejected } from "../../ExchangeErrors.ts"
import type { AmendOrderParams } from "../wire/trading/AmendOrder.ts"
import type { CancelOrderParams } from "../wire/trading/CancelOrder.ts"
import type { OrderFields, Triggers, OrderType as WireOrderType } from "../wire/trading/OrderFields.ts"

/** One order's wire fields (what `add_order` and each `batch_add` leg carry), without symbol and token. */
export type WireOrder = Schema.Struct.Type<typeof OrderFields>

const WIRE_TYPE: Readonly<Record<OrderType, WireOrderType>> = {
  market: "market",
  limit: "limit",
  stop: "stop-loss",
  take_profit: "take-profit",
  trailing_stop: "trailing-stop"
}

const DOMAIN_TYPE: Readonly<Record<WireOrderType, OrderType>> = {
  market: "market",
  limit: "limit",
  "stop-loss": "stop",
  "stop-loss-limit": "stop",
  "take-profit": "take_profit",
  "take-profit-limit": "take_profit",
  "trailing-stop": "trailing_stop",
  "trailing-stop-limit": "trailing_stop"
}

/** The domain order type of a wire order type (the `-limit` variants keep their trigger kind). */
export const domainOrderType = (t: WireOrderType): OrderType => DOMAIN_TYPE[t]

const reject = (request: OrderRequest, reason: string) =>
  Either.left(new OrderRejected({ operation: "placeOrder", clientOrderId: request.clientOrderId, reason }))

const triggersOf = (request: OrderRequest, price: Decimal): Either.Either<Triggers, OrderRejected> => {
  // The Unified WebSocket lists only `last` and `index`: a mark trigger cannot be honoured, so it is refused.
  if (request.triggerReference === "mark")
    return reject(request, "the Unified WebSocket has no mark-price trigger reference (only last or index)")
  return Either.right({
    price,
    price_type: request.type === "trailing_stop" ? "quote" : "static",
    ...(request.triggerReference === undefined ? {} : { reference: request.triggerReference })
  })
}

/** Wire fields of a new order; refused here (never sent) when the request is inconsistent. */
export const toWireOrder = (request: OrderRequest): Either.Either<WireOrder, OrderRejected> => {
  const needsTrigger = request.type === "stop" || request.type === "take_profit" || request.type === "trailing_stop"
  if (request.type === "limit" && request.limitPrice === undefined)
    return reject(request, "a limit order needs a limit price")
  if (needsTrigger && request.triggerPrice === undefined)
    return reject(request, `a ${request.type} order needs a trigger price`)
  if (request.postOnly && request.type !== "limit") return reject(request, "only a limit order can be post-only")
  if (!request.quantity.gt(0)) return reject(request, `quantity must be positive, got ${request.quantity}`)
  const base: WireOrder = {
    order_type: WIRE_TYPE[request.type],
    side: request.side,
    order_qty: request.quantity,
    cl_ord_id: request.clientOrderId,
    reduce_only: request.reduceOnly,
    ...(request.postOnly ? { post_only: true } : {}),
    ...(request.type === "limit" && request.limitPrice !== undefined ? { limit_price: request.limitPrice } : {})
  }
  return needsTrigger && request.triggerPrice !== undefined
    ? Either.map(triggersOf(request, request.triggerPrice), (triggers) => ({ ...base, triggers }))
    : Either.right(base)
}

/** `amend_order` params (without token and asset class). */
export const toAmendParams = (
  ref: OrderRef,
  amendment: Amendment
): Omit<AmendOrderParams, "token" | "asset_class"> => ({
  ...(ref.orderId === undefined ? { cl_ord_id: ref.clientOrderId } : { order_id: ref.orderId }),
  ...(amendment.quantity === undefined ? {} : { order_qty: amendment.quantity }),
  ...(amendment.limitPrice === undefined ? {} : { limit_price: amendment.limitPrice }),
  ...(amendment.triggerPrice === undefined ? {} : { trigger_price: amendment.triggerPrice })
})

/** `cancel_order` params (without token and asset class). */
export const toCancelParams = (ref: OrderRef): Omit<CancelOrderParams, "token" | "asset_class"> =>
  ref.orderId === undefined ? { cl_ord_id: [ref.clientOrderId] } : { order_id: [ref.orderId] }

export const clientOrderIdOf = (text: string | undefined): Option.Option<ClientOrderId> =>
  text === undefined ? Option.none() : Schema.decodeUnknownOption(ClientOrderId)(text)

export const exchangeOrderIdOf = (text: string): Option.Option<ExchangeOrderId> =>
  Schema.decodeUnknownOption(ExchangeOrderId)(text)
