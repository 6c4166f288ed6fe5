import { Schema } from "effect"
import { DecimalFromString } from "../../../../domain/Money.ts"
import { OrderSide } from "../../../../domain/Side.ts"
import { frame } from "../Json.ts"
import { WireDecimal } from "../WireDecimal.ts"

/**
 * Request parameters of the v3 order endpoints as the simulator receives them: form or query fields (all text,
 * decoded from `Object.fromEntries(new URLSearchParams(raw))`), except `batchorder`, whose one `json` field holds
 * JSON text with number tokens.
 */

export const FuturesOrderType = Schema.Literal(
  "lmt",
  "post",
  "mkt",
  "stp",
  "take_profit",
  "ioc",
  "trailing_stop",
  "fok"
)
export type FuturesOrderType = typeof FuturesOrderType.Type

export const TriggerSignal = Schema.Literal("mark", "index", "last")
const DeviationUnit = Schema.Literal("PERCENT", "QUOTE_CURRENCY")
const optionalDecimal = Schema.optional(DecimalFromString)

const needsLimit = new Set<string>(["lmt", "post", "ioc", "fok"])
const needsStop = new Set<string>(["stp", "take_profit"])

/** Missing price for the order type, as Kraken's `requiredArgumentMissing` would name it. */
const missingPrice = (p: { orderType: string; limitPrice?: unknown; stopPrice?: unknown }): string | undefined =>
  needsLimit.has(p.orderType) && p.limitPrice === undefined
    ? "limitPrice is required"
    : needsStop.has(p.orderType) && p.stopPrice === undefined
      ? "stopPrice is required"
      : undefined

const sendFields = {
  orderType: FuturesOrderType,
  symbol: Schema.String,
  side: OrderSide,
  size: DecimalFromString,
  limitPrice: optionalDecimal,
  stopPrice: optionalDecimal,
  cliOrdId: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
  triggerSignal: Schema.optional(TriggerSignal),
  reduceOnly: Schema.optional(Schema.BooleanFromString),
  trailingStopMaxDeviation: optionalDecimal,
  trailingStopDeviationUnit: Schema.optional(DeviationUnit),
  limitPriceOffsetValue: optionalDecimal,
  limitPriceOffsetUnit: Schema.optional(DeviationUnit),
  processBefore: Schema.optional(Schema.String)
}

/** `POST /sendorder`. */
export const FuturesSendOrderParams = Schema.Struct(sendFields).pipe(Schema.filter((p) => missingPrice(p) ?? true))
export type FuturesSendOrderParams = typeof FuturesSendOrderParams.Type

const oneOf =
  (a: string, b: string) =>
  (p: object): true | string =>
    (Reflect.get(p, a) === undefined) !== (Reflect.get(p, b) === undefined) ||
    `exactly one of ${a} and ${b} is required`

/** `POST /editorder`: note camelCase `orderId` here. */
export const FuturesEditOrderParams = Schema.Struct({
  orderId: Schema.optional(Schema.String),
  cliOrdId: Schema.optional(Schema.String),
  size: optionalDecimal,
  limitPrice: optionalDecimal,
  stopPrice: optionalDecimal,
  trailingStopMaxDeviation: optionalDecimal,
  trailingStopDeviationUnit: Schema.optional(DeviationUnit),
  qtyMode: Schema.optional(Schema.Literal("RELATIVE", "ABSOLUTE")),
  processBefore: Schema.optional(Schema.String)
}).pipe(Schema.filter(oneOf("orderId", "cliOrdId")))
export type FuturesEditOrderParams = typeof FuturesEditOrderParams.Type

/** `POST /cancelorder`: snake_case `order_id` here. */
export const FuturesCancelOrderParams = Schema.Struct({
  order_id: Schema.optional(Schema.String),
  cliOrdId: Schema.optional(Schema.String),
  processBefore: Schema.optional(Schema.String)
}).pipe(Schema.filter(oneOf("order_id", "cliOrdId")))
export type FuturesCancelOrderParams = typeof FuturesCancelOrderParams.Type

/** `POST /cancelallorders`, for every symbol or one. */
export const FuturesCancelAllOrdersParams = Schema.Struct({ symbol: Schema.optional(Schema.String) })

/** `POST /cancelallordersafter`: seconds, 0 disarms. */
export const FuturesCancelAllOrdersAfterParams = Schema.Struct({
  timeout: Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())
})

const batchDecimal = Schema.optional(WireDecimal)

/** One `batchorder` instruction; sizes and prices are JSON numbers inside the `json` field. */
export const BatchInstruction = Schema.Union(
  Schema.Struct({
    order: Schema.Literal("send"),
    order_tag: Schema.String,
    orderType: FuturesOrderType,
    symbol: Schema.String,
    side: OrderSide,
    size: WireDecimal,
    limitPrice: batchDecimal,
    stopPrice: batchDecimal,
    cliOrdId: Schema.optional(Schema.String),
    triggerSignal: Schema.optional(TriggerSignal),
    reduceOnly: Schema.optional(Schema.Boolean)
  }),
  Schema.Struct({
    order: Schema.Literal("edit"),
    order_id: Schema.optional(Schema.String),
    cliOrdId: Schema.optional(Schema.String),
    size: batchDecimal,
    limitPrice: batchDecimal,
    stopPrice: batchDecimal,
    qtyMode: Schema.optional(Schema.Literal("RELATIVE", "ABSOLUTE"))
  }),
  Schema.Struct({
    order: Schema.Literal("cancel"),
    order_id: Schema.optional(Schema.String),
    cliOrdId: Schema.optional(Schema.String)
  })
)
export type BatchInstruction = typeof BatchInstruction.Type

/** `POST /batchorder`: `json` (URL-decoded by the form parser) = `{"batchOrder":[...]}`. */
export const FuturesBatchOrderParams = Schema.Struct({
  json: frame(Schema.Struct({ batchOrder: Schema.Array(BatchInstruction) })),
  processBefore: Schema.optional(Schema.String)
})
export type FuturesBatchOrderParams = typeof FuturesBatchOrderParams.Type
