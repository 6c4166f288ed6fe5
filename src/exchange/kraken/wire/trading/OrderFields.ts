import { Schema } from "effect"
import { OrderSide } from "../../../../domain/Side.ts"
import { WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** UWS order types for derivatives (no iceberg or settle-position). */
export const OrderType = Schema.Literal(
  "limit",
  "market",
  "stop-loss",
  "stop-loss-limit",
  "take-profit",
  "take-profit-limit",
  "trailing-stop",
  "trailing-stop-limit"
)
export type OrderType = typeof OrderType.Type

/** `gtd` exists in the schema, but `expire_time` (and so GTD) is not available for derivatives. */
export const TimeInForce = Schema.Literal("gtc", "ioc", "gtd")
export type TimeInForce = typeof TimeInForce.Type

/** Trigger price source: `last` by default; UWS lists no `mark` reference (a documented gap). */
export const TriggerReference = Schema.Literal("index", "last")
export type TriggerReference = typeof TriggerReference.Type

/** `static` = absolute price; `pct` and `quote` = offset from the reference (trailing and relative triggers). */
export const TriggerPriceType = Schema.Literal("static", "pct", "quote")

export const Triggers = Schema.Struct({
  reference: Schema.optional(TriggerReference),
  price: WireDecimal,
  price_type: Schema.optional(TriggerPriceType)
})
export type Triggers = typeof Triggers.Type

/** The fields of one order, shared by `add_order` and each `batch_add` leg. */
export const OrderFields = {
  order_type: OrderType,
  side: OrderSide,
  order_qty: WireDecimal,
  limit_price: Schema.optional(WireDecimal),
  limit_price_type: Schema.optional(Schema.Literal("static")),
  triggers: Schema.optional(Triggers),
  time_in_force: Schema.optional(TimeInForce),
  post_only: Schema.optional(Schema.Boolean),
  reduce_only: Schema.optional(Schema.Boolean),
  cl_ord_id: Schema.optional(Schema.String)
}

/** Fields every order-entry method carries: the deadline guards against a late arrival, validate checks only. */
export const OrderEntryFields = {
  deadline: Schema.optional(WireTime),
  validate: Schema.optional(Schema.Boolean)
}

/** Amend and cancel identify orders by `order_id` or by `cl_ord_id`, never both. */
export const exactlyOneId = (p: { readonly order_id?: unknown; readonly cl_ord_id?: unknown }): boolean =>
  (p.order_id === undefined) !== (p.cl_ord_id === undefined)
