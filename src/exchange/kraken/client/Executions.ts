import { Either, Option } from "effect"
import { Decimal, ZERO } from "../../../domain/Money.ts"
import { Fill, type OrderStatus } from "../../../domain/Order.ts"
import { parseFuturesSymbol } from "../../../domain/Symbols.ts"
import type { ExchangeOrder } from "../../Exchange.ts"
import type { Execution } from "../wire/channels/Executions.ts"
import { clientOrderIdOf, domainOrderType, exchangeOrderIdOf } from "./OrderMapping.ts"

/** Kraken's time text as epoch ms; the receive time when absent or unreadable. */
export const wireTimeMs = (text: string | undefined, fallback: number): number => {
  const ms = text === undefined ? Number.NaN : Date.parse(text)
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms) : fallback
}

const statusOf = (e: Execution, previous: OrderStatus | undefined): OrderStatus => {
  if (e.order_status !== undefined) return e.order_status
  if (e.exec_type === "canceled" || e.exec_type === "expired")
    return e.exec_type === "canceled" ? "canceled" : "expired"
  if (e.exec_type === "filled") return "filled"
  return previous ?? "new"
}

/**
 * The order after one execution event, merged over what was known (updates may carry only some fields).
 * None when neither the event nor the previous state gives the order's identity (symbol, side, type, size).
 */
export const mergeExecution = (
  previous: ExchangeOrder | undefined,
  e: Execution,
  now: number
): Option.Option<ExchangeOrder> => {
  const orderId = exchangeOrderIdOf(e.order_id)
  const symbol =
    e.symbol === undefined ? Option.fromNullable(previous?.symbol) : Either.getRight(parseFuturesSymbol(e.symbol))
  const side = e.side ?? previous?.side
  const type = e.order_type === undefined ? previous?.type : domainOrderType(e.order_type)
  const quantity = e.order_qty ?? previous?.quantity
  if (
    Option.isNone(orderId) ||
    Option.isNone(symbol) ||
    side === undefined ||
    type === undefined ||
    quantity === undefined
  )
    return Option.none()
  return Option.some({
    orderId: orderId.value,
    clientOrderId:
      e.cl_ord_id === undefined ? (previous?.clientOrderId ?? Option.none()) : clientOrderIdOf(e.cl_ord_id),
    symbol: symbol.value,
    side,
    type,
    quantity,
    filledQuantity: e.cum_qty ?? previous?.filledQuantity ?? ZERO,
    averageFillPrice:
      e.avg_price === undefined ? (previous?.averageFillPrice ?? Option.none()) : Option.some(e.avg_price),
    limitPrice: e.limit_price === undefined ? (previous?.limitPrice ?? Option.none()) : Option.some(e.limit_price),
    triggerPrice:
      e.triggers?.price === undefined ? (previous?.triggerPrice ?? Option.none()) : Option.some(e.triggers.price),
    reduceOnly: e.reduce_only ?? previous?.reduceOnly ?? false,
    postOnly: e.post_only ?? previous?.postOnly ?? false,
    status: statusOf(e, previous?.status),
    updatedAt: wireTimeMs(e.timestamp, now)
  })
}

/** Fee in the settlement currency; a maker rebate (negative) is recorded as 0 because `Fill.fee` is non-negative. */
const feeOf = (e: Execution): Decimal =>
  Decimal.max(
    ZERO,
    (e.fees ?? []).reduce((sum, f) => sum.plus(f.qty), ZERO)
  )

/** The fill an execution of type `trade` carries; None for other events or when a required field is missing. */
export const fillOf = (order: ExchangeOrder, e: Execution, now: number): Option.Option<Fill> => {
  if (e.exec_type !== "trade" || e.exec_id === undefined || e.last_qty === undefined || e.last_price === undefined)
    return Option.none()
  if (!e.last_qty.gt(0) || !e.last_price.gt(0)) return Option.none()
  // Fill validates its fields (e.g. a blank exec id): an invalid one is None, never a thrown defect.
  return Option.liftThrowable((fields: ConstructorParameters<typeof Fill>[0]) => new Fill(fields))({
    fillId: e.exec_id,
    orderId: order.orderId,
    ...(Option.isSome(order.clientOrderId) ? { clientOrderId: order.clientOrderId.value } : {}),
    symbol: order.symbol,
    side: order.side,
    quantity: e.last_qty,
    price: e.last_price,
    fee: feeOf(e),
    liquidity: e.liquidity_ind === "m" ? "maker" : "taker",
    time: wireTimeMs(e.timestamp, now)
  })
}
