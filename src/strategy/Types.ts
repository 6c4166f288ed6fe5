import type { CandleSeries } from "../domain/CandleSeries.ts"

/** Words shared by the strategy's records (spec/strategy.md §0); bias is the domain's. */
export type { Bias } from "../domain/Signal.ts"
export type Direction = "bullish" | "bearish"

/** The columns a scan reads: a CandleSeries without its labels. */
export type Bars = Omit<CandleSeries, "symbol" | "timeframe">
