import { Schema } from "effect"
import { OrderSide } from "../../../../domain/Side.ts"
import { AssetClass, ChannelMessage, WireTime } from "../Envelope.ts"
import { OrderType, TimeInForce, TriggerPriceType, TriggerReference } from "../trading/OrderFields.ts"
import { WireDecimal } from "../WireDecimal.ts"

export const ExecutionsSubscribe = Schema.Struct({
  channel: Schema.Literal("executions"),
  asset_class: Schema.optional(AssetClass),
  token: Schema.String,
  snap_orders: Schema.optional(Schema.Boolean),
  snap_trades: Schema.optional(Schema.Boolean),
  order_status: Schema.optional(Schema.Boolean),
  ratecounter: Schema.optional(Schema.Boolean)
})

/** The event; derivatives send no `pending_new` (a live order arrives as `new`). */
export const ExecType = Schema.Literal(
  "pending_new",
  "new",
  "trade",
  "filled",
  "iceberg_refill",
  "canceled",
  "expired",
  "amended",
  "restated",
  "status"
)
export type ExecType = typeof ExecType.Type

/** The order's state after the event: completion is read from here and `cum_qty`, not from `exec_type`. */
export const OrderStatus = Schema.Literal("pending_new", "new", "partially_filled", "filled", "canceled", "expired")
export type OrderStatus = typeof OrderStatus.Type

export const Fee = Schema.Struct({ asset: Schema.String, qty: WireDecimal })

export const ExecutionTriggers = Schema.Struct({
  reference: Schema.optional(TriggerReference),
  price: Schema.optional(WireDecimal),
  price_type: Schema.optional(TriggerPriceType),
  actual_price: Schema.optional(WireDecimal),
  peak_price: Schema.optional(WireDecimal),
  last_price: Schema.optional(WireDecimal),
  status: Schema.optional(Schema.String),
  timestamp: Schema.optional(WireTime)
})

/** One order event; snapshot and updates share it, and which fields appear depends on `exec_type`. */
export const Execution = Schema.Struct({
  exec_type: ExecType,
  order_id: Schema.String,
  cl_ord_id: Schema.optional(Schema.String),
  symbol: Schema.optional(Schema.String),
  side: Schema.optional(OrderSide),
  order_type: Schema.optional(OrderType),
  order_qty: Schema.optional(WireDecimal),
  limit_price: Schema.optional(WireDecimal),
  order_status: Schema.optional(OrderStatus),
  cum_qty: Schema.optional(WireDecimal),
  cum_cost: Schema.optional(WireDecimal),
  avg_price: Schema.optional(WireDecimal),
  time_in_force: Schema.optional(TimeInForce),
  post_only: Schema.optional(Schema.Boolean),
  reduce_only: Schema.optional(Schema.Boolean),
  exec_id: Schema.optional(Schema.String),
  last_qty: Schema.optional(WireDecimal),
  last_price: Schema.optional(WireDecimal),
  cost: Schema.optional(WireDecimal),
  liquidity_ind: Schema.optional(Schema.Literal("m", "t")),
  fees: Schema.optional(Schema.Array(Fee)),
  fee_usd_equiv: Schema.optional(WireDecimal),
  reason: Schema.optional(Schema.String),
  triggers: Schema.optional(ExecutionTriggers),
  timestamp: Schema.optional(WireTime)
})
export type Execution = typeof Execution.Type

export const ExecutionsMessage = ChannelMessage("executions", Schema.Array(Execution))
export type ExecutionsMessage = typeof ExecutionsMessage.Type
