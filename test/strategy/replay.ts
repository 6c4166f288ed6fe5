import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../../src/domain/Timeframe.ts"
import type { StrategyInputs } from "../../src/strategy/Analyze.ts"
import type { Bars } from "../../src/strategy/Types.ts"

/** Bars [from, to) sharing the buffers. */
export const sliceBars = (bars: Bars, from: number, to: number): Bars => ({
  length: Math.max(0, to - from),
  openTime: bars.openTime.subarray(from, to),
  open: bars.open.subarray(from, to),
  high: bars.high.subarray(from, to),
  low: bars.low.subarray(from, to),
  close: bars.close.subarray(from, to),
  volume: bars.volume.subarray(from, to)
})

/** Number of bars of `bars` (timeframe `tf`) closed at `timeMs`. */
export const closedCount = (bars: Bars, tf: Timeframe, timeMs: number): number => {
  let lo = 0
  let hi = bars.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (bars.openTime[mid]! + timeframeMs[tf] <= timeMs) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface ReplaySeries {
  readonly daily: Bars
  readonly h4: Bars
  readonly h1: Bars
}

/**
 * Inputs as of the close of 4h bar t: closed bars only, each series cut to its last `window` bars (the
 * spec's replay used 365 daily, 300 4h and 300 1h bars, with 1h standing in for 15m).
 */
export const inputsAt = (
  s: ReplaySeries,
  t: number,
  window: { daily: number; h4: number; h1: number } = { daily: 365, h4: 300, h1: 300 }
): StrategyInputs => {
  const close = s.h4.openTime[t]! + timeframeMs["4h"]
  const d = closedCount(s.daily, "1d", close)
  const h = closedCount(s.h1, "1h", close)
  const hourly = sliceBars(s.h1, Math.max(0, h - window.h1), h)
  return {
    symbol: SpotSymbol.make("BTC/USD"),
    daily: sliceBars(s.daily, Math.max(0, d - window.daily), d),
    decision: sliceBars(s.h4, Math.max(0, t + 1 - window.h4), t + 1),
    hourly,
    m15: hourly
  }
}

/** Index of the first bar opened at or after `timeMs`. */
export const firstAtOrAfter = (bars: Bars, timeMs: number): number => {
  let i = 0
  while (i < bars.length && bars.openTime[i]! < timeMs) i++
  return i
}
