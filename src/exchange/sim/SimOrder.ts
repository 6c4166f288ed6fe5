import type { Decimal } from "../../domain/Money.ts"
import type { OrderType, TriggerReference } from "../../domain/Order.ts"
import type { OrderSide as Side } from "../../domain/Side.ts"

export type { OrderType, Side, TriggerReference }

export type TimeInForce = "gtc" | "ioc"

export interface TrailingOffset {
  readonly unit: "quote" | "percent"
  readonly value: Decimal
}

/**
 * market: executes now at the last price, remainder cancelled (Kraken `mkt` is IOC).
 * limit: with `postOnly` rejected if it would take; with `timeInForce: "ioc"` fills what it can now, rest cancelled.
 * stop / take_profit: wait for the trigger, then execute as market (or as a limit at `limitPrice` when given).
 * trailing_stop: a stop whose trigger follows the best reference price by `trailingOffset`; market on trigger.
 * Trigger references: last (default, as on Kraken), mark or index.
 */
export interface OrderRequest {
  readonly symbol: string
  readonly side: Side
  readonly type: OrderType
  readonly size: Decimal
  readonly limitPrice?: Decimal
  readonly triggerPrice?: Decimal
  /** Default "last", as on Kraken. */
  readonly triggerReference?: TriggerReference
  readonly trailingOffset?: TrailingOffset
  readonly timeInForce?: TimeInForce
  readonly postOnly?: boolean
  readonly reduceOnly?: boolean
  readonly clientOrderId?: string
}

/** UWS `order_status` vocabulary; an untriggered stop is "new" with `triggered: false`. */
export type OrderStatus = "new" | "partially_filled" | "filled" | "canceled"

/** One order as the venue holds it; a new object on every change (events keep the version they describe). */
export interface SimOrder {
  readonly orderId: string
  readonly clientOrderId: string | null
  readonly symbol: string
  readonly side: Side
  readonly type: OrderType
  /** Total order quantity (UWS `order_qty`); after a reduce-only clip at acceptance, the clipped quantity. */
  readonly size: Decimal
  readonly filled: Decimal
  /** Σ fill size × price (UWS `cum_cost`); average price = cumCost / filled. */
  readonly cumCost: Decimal
  readonly limitPrice: Decimal | null
  readonly triggerPrice: Decimal | null
  readonly triggerReference: TriggerReference
  readonly trailingOffset: TrailingOffset | null
  /** Best reference price seen since placement (trailing stops only). */
  readonly trailingExtreme: Decimal | null
  readonly triggered: boolean
  readonly timeInForce: TimeInForce
  readonly postOnly: boolean
  readonly reduceOnly: boolean
  readonly status: OrderStatus
  readonly createdAt: number
  readonly updatedAt: number
}

export const isTriggerType = (type: OrderType): boolean =>
  type === "stop" || type === "take_profit" || type === "trailing_stop"

export const remaining = (order: SimOrder): Decimal => order.size.minus(order.filled)

export const signOf = (side: Side): 1 | -1 => (side === "buy" ? 1 : -1)

export const averagePrice = (order: SimOrder): Decimal | null =>
  order.filled.isZero() ? null : order.cumCost.div(order.filled)
