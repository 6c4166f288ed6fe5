import type { CandleSeries } from "../domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import type { Bars } from "./Types.ts"

/**
 * Closed bars of a coarser timeframe built from `bars` of `from`: buckets aligned to the epoch (UTC), open
 * of the first bar, max high, min low, close of the last bar, summed volume. A bucket the input does not
 * reach the end of is still forming and is left out. Missing input bars are not filled.
 */
export const resample = (bars: Bars, from: Timeframe, to: Timeframe, symbol: string): CandleSeries => {
  const size = timeframeMs[to]
  const end = bars.length === 0 ? 0 : bars.openTime[bars.length - 1]! + timeframeMs[from]
  const out: Record<"openTime" | "open" | "high" | "low" | "close" | "volume", Array<number>> = {
    openTime: [],
    open: [],
    high: [],
    low: [],
    close: [],
    volume: []
  }
  for (let i = 0; i < bars.length; i++) {
    const bucket = Math.floor(bars.openTime[i]! / size) * size
    if (bucket + size > end) break
    const k = out.openTime.length - 1
    if (out.openTime[k] !== bucket) {
      out.openTime.push(bucket)
      out.open.push(bars.open[i]!)
      out.high.push(bars.high[i]!)
      out.low.push(bars.low[i]!)
      out.close.push(bars.close[i]!)
      out.volume.push(bars.volume[i]!)
    } else {
      out.high[k] = Math.max(out.high[k]!, bars.high[i]!)
      out.low[k] = Math.min(out.low[k]!, bars.low[i]!)
      out.close[k] = bars.close[i]!
      out.volume[k] = out.volume[k]! + bars.volume[i]!
    }
  }
  return {
    symbol,
    timeframe: to,
    length: out.openTime.length,
    openTime: Float64Array.from(out.openTime),
    open: Float64Array.from(out.open),
    high: Float64Array.from(out.high),
    low: Float64Array.from(out.low),
    close: Float64Array.from(out.close),
    volume: Float64Array.from(out.volume)
  }
}
