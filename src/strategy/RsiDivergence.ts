import type { Rsi } from "./Indicators.ts"
import type { Bars } from "./Types.ts"

export type RsiDivergence = "bullish" | "bearish" | "none"

/** The newest bars of the window, left out of the stretch the last bar is compared with. */
const RECENT_BARS = 5

/**
 * RSI divergence (spec §2; a reasoning line only): over the last `lookback` bars, "bullish" when the last
 * low is below the lowest low of the window without its last 5 bars while the last RSI is above that
 * stretch's lowest RSI; "bearish" mirrored with highs; else "none". `rsi` must have been fed these bars
 * and keep at least `lookback` values; NaN RSI values are skipped, as the original's pandas min/max did.
 */
export const rsiDivergence = (bars: Bars, rsi: Rsi, lookback: number): RsiDivergence => {
  const n = bars.length
  if (n < lookback || lookback <= RECENT_BARS || rsi.bars < rsi.period) return "none"
  let lowest = Number.POSITIVE_INFINITY
  let highest = Number.NEGATIVE_INFINITY
  let lowestRsi = Number.POSITIVE_INFINITY
  let highestRsi = Number.NEGATIVE_INFINITY
  for (let k = n - lookback; k < n - RECENT_BARS; k++) {
    lowest = Math.min(lowest, bars.low[k]!)
    highest = Math.max(highest, bars.high[k]!)
    const r = rsi.at(n - 1 - k)
    if (Number.isNaN(r)) continue
    lowestRsi = Math.min(lowestRsi, r)
    highestRsi = Math.max(highestRsi, r)
  }
  const last = rsi.at(0)
  if (bars.low[n - 1]! < lowest && last > lowestRsi) return "bullish"
  if (bars.high[n - 1]! > highest && last < highestRsi) return "bearish"
  return "none"
}
