import { Schema } from "effect"
import { OrderSide } from "../../../../domain/Side.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** An order as order events describe it (note camelCase `orderId`, unlike `order_id` in statuses). */
export const OrderJson = Schema.Struct({
  orderId: Schema.String,
  cliOrdId: Schema.NullOr(Schema.String),
  type: Schema.Literal("lmt", "ioc", "post", "liquidation", "assignment", "stp", "unwind", "block", "fok"),
  symbol: Schema.String,
  side: OrderSide,
  quantity: WireDecimal,
  filled: WireDecimal,
  limitPrice: WireDecimal,
  reduceOnly: Schema.Boolean,
  timestamp: Schema.String,
  lastUpdateTimestamp: Schema.String
})
export type OrderJson = typeof OrderJson.Type

/** An untriggered stop or take-profit; `triggerSignal` uses the `_price` names here. */
export const OrderTriggerJson = Schema.Struct({
  uid: Schema.String,
  clientId: Schema.NullOr(Schema.String),
  type: Schema.String,
  symbol: Schema.String,
  side: OrderSide,
  quantity: WireDecimal,
  limitPrice: Schema.NullOr(WireDecimal),
  triggerPrice: WireDecimal,
  triggerSide: Schema.Literal("trigger_above", "trigger_below"),
  triggerSignal: Schema.Literal("mark_price", "last_price", "spot_price"),
  reduceOnly: Schema.Boolean,
  timestamp: Schema.String,
  lastUpdateTimestamp: Schema.String,
  startTime: Schema.optional(Schema.NullOr(Schema.String))
})
export type OrderTriggerJson = typeof OrderTriggerJson.Type

const NullableDecimal = Schema.NullOr(WireDecimal)

/** What happened to an order, discriminated by `type`; trigger orders carry `orderTrigger` instead of `order`. */
export const OrderEvent = Schema.Union(
  Schema.Struct({ type: Schema.Literal("PLACE"), order: OrderJson, reducedQuantity: NullableDecimal }),
  Schema.Struct({ type: Schema.Literal("PLACE"), orderTrigger: OrderTriggerJson }),
  Schema.Struct({
    type: Schema.Literal("EXECUTION"),
    executionId: Schema.String,
    price: WireDecimal,
    amount: WireDecimal,
    orderPriorEdit: Schema.NullOr(OrderJson),
    orderPriorExecution: OrderJson,
    takerReducedQuantity: NullableDecimal
  }),
  Schema.Struct({
    type: Schema.Literal("EDIT"),
    old: OrderJson,
    new: OrderJson,
    reducedQuantity: Schema.optional(NullableDecimal)
  }),
  Schema.Struct({ type: Schema.Literal("CANCEL"), uid: Schema.String, order: Schema.NullOr(OrderJson) }),
  Schema.Struct({ type: Schema.Literal("CANCEL"), uid: Schema.String, orderTrigger: OrderTriggerJson }),
  Schema.Struct({ type: Schema.Literal("REJECT"), uid: Schema.String, order: OrderJson, reason: Schema.String }),
  Schema.Struct({
    type: Schema.Literal("REJECT"),
    uid: Schema.String,
    orderTrigger: OrderTriggerJson,
    reason: Schema.String
  })
)
export type OrderEvent = typeof OrderEvent.Type
