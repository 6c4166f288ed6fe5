import { Schema } from "effect"
import { type Decimal, NonNegativeDecimal, PositiveDecimal } from "./Money.ts"
import { OrderSide } from "./Side.ts"
import { FuturesSymbol } from "./Symbols.ts"
import { EpochMillis } from "./Time.ts"

/**
 * Our id for an order, unique among live orders (Kraken `cliOrdId` / `cl_ord_id`, ≤ 100 chars). Ids are
 * `<purpose>-<positionId>-<seq>` with a persisted sequence, so a retry reuses the id and a new order never
 * collides with a still-open predecessor (trading-core §6.2).
 */
export const ClientOrderId = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/),
  Schema.brand("ClientOrderId"),
  Schema.annotations({ identifier: "ClientOrderId" })
)
export type ClientOrderId = typeof ClientOrderId.Type

/** The venue's id for an order (a UUID on Kraken derivatives). */
export const ExchangeOrderId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("ExchangeOrderId"))
export type ExchangeOrderId = typeof ExchangeOrderId.Type

export const OrderType = Schema.Literal("market", "limit", "stop", "take_profit", "trailing_stop")
export type OrderType = typeof OrderType.Type

/** Price a trigger order watches. The Unified WebSocket lists only `last` and `index`; v3 REST also has `mark`. */
export const TriggerReference = Schema.Literal("last", "mark", "index")
export type TriggerReference = typeof TriggerReference.Type

/** Order lifecycle, as the Unified WebSocket's `order_status` (plus `rejected`, which arrives as an error). */
export const OrderStatus = Schema.Literal(
  "pending_new",
  "new",
  "partially_filled",
  "filled",
  "canceled",
  "expired",
  "rejected"
)
export type OrderStatus = typeof OrderStatus.Type

const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(["filled", "canceled", "expired", "rejected"])

/** True once the order can no longer fill. */
export const isOrderDone = (status: OrderStatus): boolean => TERMINAL_STATUSES.has(status)

export const Liquidity = Schema.Literal("maker", "taker")
export type Liquidity = typeof Liquidity.Type

/** One execution of an order; `fillId` (the venue's execution id) makes applying fills idempotent. */
export class Fill extends Schema.Class<Fill>("Fill")({
  fillId: Schema.NonEmptyTrimmedString,
  orderId: ExchangeOrderId,
  clientOrderId: Schema.optional(ClientOrderId),
  symbol: FuturesSymbol,
  side: OrderSide,
  quantity: PositiveDecimal,
  price: PositiveDecimal,
  fee: NonNegativeDecimal,
  liquidity: Liquidity,
  time: EpochMillis
}) {}

const OrderFields = Schema.Struct({
  clientOrderId: ClientOrderId,
  /** Absent until the venue acknowledges the order. */
  orderId: Schema.optional(ExchangeOrderId),
  symbol: FuturesSymbol,
  side: OrderSide,
  type: OrderType,
  quantity: PositiveDecimal,
  limitPrice: Schema.optional(PositiveDecimal),
  /** Stop / take-profit trigger level; for a trailing stop, the trailing distance. */
  triggerPrice: Schema.optional(PositiveDecimal),
  triggerReference: Schema.optional(TriggerReference),
  reduceOnly: Schema.Boolean,
  postOnly: Schema.Boolean,
  status: OrderStatus,
  filledQuantity: NonNegativeDecimal,
  averageFillPrice: Schema.optional(PositiveDecimal),
  fills: Schema.Array(Fill),
  createdAt: EpochMillis,
  updatedAt: EpochMillis
}).pipe(
  Schema.filter((o) => {
    const needsLimit = o.type === "limit"
    const needsTrigger = o.type === "stop" || o.type === "take_profit" || o.type === "trailing_stop"
    if (needsLimit && o.limitPrice === undefined)
      return { path: ["limitPrice"], message: "a limit order needs a limitPrice" }
    if (needsTrigger && o.triggerPrice === undefined)
      return { path: ["triggerPrice"], message: `a ${o.type} order needs a triggerPrice` }
    if (!needsTrigger && o.triggerPrice !== undefined)
      return { path: ["triggerPrice"], message: `a ${o.type} order has no triggerPrice` }
    if (o.postOnly && o.type !== "limit") return { path: ["postOnly"], message: "only a limit order can be post-only" }
    if (o.filledQuantity.gt(o.quantity))
      return { path: ["filledQuantity"], message: `filled ${o.filledQuantity} exceeds quantity ${o.quantity}` }
    return undefined
  })
)

/** An order as the system tracks it, from intent to terminal status. */
export class Order extends Schema.Class<Order>("Order")(OrderFields) {
  get remainingQuantity(): Decimal {
    return this.quantity.minus(this.filledQuantity)
  }
}
