import { Schema } from "effect"
import { Timeframe } from "./Timeframe.ts"

/**
 * One OHLCV bar. `openTime` is the bar's open time in Unix epoch milliseconds, UTC.
 * Prices are float64: analysis runs in float64 (spec/strategy.md §0); anything that becomes an order
 * or a balance is converted to a decimal at that boundary.
 */
export class Candle extends Schema.Class<Candle>("Candle")({
  symbol: Schema.NonEmptyTrimmedString,
  timeframe: Timeframe,
  openTime: Schema.Int.pipe(Schema.nonNegative()),
  open: Schema.Finite.pipe(Schema.positive()),
  high: Schema.Finite.pipe(Schema.positive()),
  low: Schema.Finite.pipe(Schema.positive()),
  close: Schema.Finite.pipe(Schema.positive()),
  volume: Schema.Finite.pipe(Schema.nonNegative())
}) {}

/** Why an OHLC row is inconsistent, or undefined when it is sound (the original's construction checks). */
export const candleInconsistency = (c: {
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
}): string | undefined => {
  if (c.high < c.low) return `high ${c.high} is below low ${c.low}`
  if (c.high < Math.max(c.open, c.close)) return `high ${c.high} is below max(open, close)`
  if (c.low > Math.min(c.open, c.close)) return `low ${c.low} is above min(open, close)`
  return undefined
}
