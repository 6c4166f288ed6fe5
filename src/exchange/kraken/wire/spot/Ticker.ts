import { Schema } from "effect"
import { DecimalFromString } from "../../../../domain/Money.ts"
import { SpotResponse } from "./SpotResponse.ts"

export const SPOT_TICKER_PATH = "/0/public/Ticker"

const D = DecimalFromString
const TodayAnd24h = Schema.Tuple(D, D)

/** Spot ticker: all strings except trade counts. Pairs of values are `[today, last 24 hours]`. */
export const SpotTicker = Schema.Struct({
  /** [price, whole lot volume, lot volume] */
  a: Schema.Tuple(D, D, D),
  b: Schema.Tuple(D, D, D),
  /** [price, lot volume] of the last trade */
  c: Schema.Tuple(D, D),
  v: TodayAnd24h,
  p: TodayAnd24h,
  t: Schema.Tuple(Schema.Int, Schema.Int),
  l: TodayAnd24h,
  h: TodayAnd24h,
  o: D
})
export type SpotTicker = typeof SpotTicker.Type

export const SpotTickerResult = Schema.Record({ key: Schema.String, value: SpotTicker })
export type SpotTickerResult = typeof SpotTickerResult.Type

export const SpotTickerResponse = SpotResponse(SpotTickerResult)
