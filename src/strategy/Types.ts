/** Words shared by the strategy's records (spec/strategy.md §0); bias is the domain's. */
export type { Bias } from "../domain/Signal.ts"
export type Direction = "bullish" | "bearish"

/** The columns a scan reads: a CandleSeries satisfies it. */
export interface Bars {
  readonly length: number
  readonly openTime: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}
