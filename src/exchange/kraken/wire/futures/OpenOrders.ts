import { Schema } from "effect"
import { OrderSide } from "../../../../domain/Side.ts"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

/** `GET /openorders` entry; trigger orders show `orderType` stop/take_profit with a `stopPrice`. */
export const FuturesOpenOrder = Schema.Struct({
  order_id: Schema.String,
  cliOrdId: Schema.optional(Schema.NullOr(Schema.String)),
  symbol: Schema.String,
  side: OrderSide,
  orderType: Schema.Literal("lmt", "stop", "take_profit", "stp"),
  limitPrice: Schema.optional(WireDecimal),
  stopPrice: Schema.optional(WireDecimal),
  unfilledSize: WireDecimal,
  filledSize: WireDecimal,
  receivedTime: Schema.String,
  lastUpdateTime: Schema.String,
  status: Schema.Literal("untouched", "partiallyFilled"),
  reduceOnly: Schema.Boolean,
  triggerSignal: Schema.optional(Schema.Literal("mark", "last", "spot"))
})
export type FuturesOpenOrder = typeof FuturesOpenOrder.Type
export const OpenOrdersSuccess = FuturesSuccess({ openOrders: Schema.Array(FuturesOpenOrder) })
