import { Schema } from "effect"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

/** `GET /openpositions` entry: `size` is positive, the direction is `side`. */
export const FuturesOpenPosition = Schema.Struct({
  symbol: Schema.String,
  side: Schema.Literal("long", "short"),
  size: WireDecimal,
  price: WireDecimal,
  fillTime: Schema.optional(Schema.String),
  unrealizedFunding: Schema.optional(Schema.NullOr(WireDecimal)),
  pnlCurrency: Schema.optional(Schema.String),
  maxFixedLeverage: Schema.optional(WireDecimal)
})
export type FuturesOpenPosition = typeof FuturesOpenPosition.Type
export const OpenPositionsSuccess = FuturesSuccess({ openPositions: Schema.Array(FuturesOpenPosition) })
