import { Schema } from "effect"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

const optionalDecimal = Schema.optional(WireDecimal)

/** Market ticker; index tickers (`in_xbtusd`, `rr_xbtusd`) carry only symbol, last and lastTime. */
export const FuturesTicker = Schema.Struct({
  symbol: Schema.String,
  tag: Schema.optional(Schema.Literal("perpetual", "month", "quarter", "semiannual")),
  pair: Schema.optional(Schema.String),
  markPrice: optionalDecimal,
  bid: optionalDecimal,
  bidSize: optionalDecimal,
  ask: optionalDecimal,
  askSize: optionalDecimal,
  last: optionalDecimal,
  lastTime: Schema.optional(Schema.String),
  lastSize: optionalDecimal,
  vol24h: optionalDecimal,
  volumeQuote: optionalDecimal,
  openInterest: optionalDecimal,
  open24h: optionalDecimal,
  high24h: optionalDecimal,
  low24h: optionalDecimal,
  change24h: optionalDecimal,
  indexPrice: optionalDecimal,
  /** Absolute rate (quote currency per contract per period), not relative. */
  fundingRate: optionalDecimal,
  fundingRatePrediction: optionalDecimal,
  suspended: Schema.optional(Schema.Boolean),
  postOnly: Schema.optional(Schema.Boolean)
})
export type FuturesTicker = typeof FuturesTicker.Type

/** `GET /tickers`. */
export const TickersSuccess = FuturesSuccess({ tickers: Schema.Array(FuturesTicker) })
/** `GET /tickers/{symbol}` (unknown symbol: HTTP 404 with an error body). */
export const TickerSuccess = FuturesSuccess({ ticker: FuturesTicker })
