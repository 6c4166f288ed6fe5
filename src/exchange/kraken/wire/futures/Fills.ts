import { Schema } from "effect"
import { OrderSide } from "../../../../domain/Side.ts"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

export const FillType = Schema.Literal(
  "maker",
  "taker",
  "liquidation",
  "assignor",
  "assignee",
  "takerAfterEdit",
  "unwindBankrupt",
  "unwindCounterparty"
)

/** `GET /fills` entry, newest first; `lastFillTime` pages back 100 at a time. */
export const FuturesFill = Schema.Struct({
  fill_id: Schema.String,
  symbol: Schema.String,
  side: OrderSide,
  order_id: Schema.String,
  cliOrdId: Schema.optional(Schema.NullOr(Schema.String)),
  size: WireDecimal,
  price: WireDecimal,
  fillTime: Schema.String,
  fillType: FillType
})
export type FuturesFill = typeof FuturesFill.Type
export const FillsSuccess = FuturesSuccess({ fills: Schema.Array(FuturesFill) })
