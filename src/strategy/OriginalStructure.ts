import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars, Direction } from "./Types.ts"

/** An order block as the original finds it: the last opposite bar before a displacement bar (spec §3.4). */
export interface OrderBlock {
  readonly direction: Direction
  /** Bar index of the candidate (opposite) bar. */
  readonly index: number
  readonly openTime: number
  readonly low: number
  readonly high: number
  /** Display price per `ob_entry_mode`; levels use high/low. */
  readonly price: number
}

/** The OB's display price per `ob_entry_mode`; levels use high/low, as in the original. */
export const obDisplayPrice = (
  low: number,
  high: number,
  open: number,
  direction: Direction,
  params: StrategyParams
): number => {
  switch (params.ob_entry_mode) {
    case "mid":
      return (high + low) / 2
    case "open":
      return open
    case "discount":
      return direction === "bullish"
        ? low + (high - low) * params.ob_discount_pct
        : high - (high - low) * params.ob_discount_pct
    case "high_low":
      return direction === "bullish" ? high : low
  }
}

/** Element ⌊k/2⌋ of the sorted high−low ranges of the last `window` bars before `end` (an upper median). */
export const typicalRange = (bars: Bars, end: number, window: number): number => {
  const start = Math.max(0, end - window)
  const ranges: Array<number> = []
  for (let i = start; i < end; i++) ranges.push(bars.high[i]! - bars.low[i]!)
  ranges.sort((a, b) => a - b)
  return ranges[Math.floor(ranges.length / 2)] ?? 0
}

/**
 * The most recent order block in `direction` among bars [0, end): candidates from end−2 down to
 * end−1−min(lookback, end−3); the successor bar must close beyond the candidate and span at least
 * `ob_displacement_multiple` × the typical range. No mitigation test (the original's rule).
 */
export const findOrderBlock = (
  bars: Bars,
  end: number,
  direction: Direction,
  params: StrategyParams
): OrderBlock | undefined => {
  const minDisplacement =
    params.ob_displacement_multiple * typicalRange(bars, end, params.ob_displacement_median_window)
  const depth = Math.min(params.orderblock_lookback, end - 3)
  for (let i = end - 2; i >= end - 1 - depth; i--) {
    const next = i + 1
    const displaced = bars.high[next]! - bars.low[next]! >= minDisplacement
    const hit =
      direction === "bullish"
        ? bars.close[i]! < bars.open[i]! && bars.close[next]! > bars.high[i]!
        : bars.close[i]! > bars.open[i]! && bars.close[next]! < bars.low[i]!
    if (hit && displaced) {
      return {
        direction,
        index: i,
        openTime: bars.openTime[i]!,
        low: bars.low[i]!,
        high: bars.high[i]!,
        price: obDisplayPrice(bars.low[i]!, bars.high[i]!, bars.open[i]!, direction, params)
      }
    }
  }
  return undefined
}

/**
 * The original BOS test over bars [0, end) with k = `bos_confirmation_candles`: the last k bars' extreme
 * beyond the extreme of bars end−10 … end−k−1. Needs end ≥ k + 5; an empty "previous" window (k ≥ 10,
 * which crashed the original) gives no BOS.
 */
export const originalBos = (bars: Bars, end: number, direction: Direction, k: number): boolean => {
  if (end < k + 5) return false
  const prevStart = Math.max(0, end - 10)
  const prevEnd = end - k
  if (prevEnd <= prevStart) return false
  if (direction === "bullish") {
    let recent = Number.NEGATIVE_INFINITY
    let previous = Number.NEGATIVE_INFINITY
    for (let i = prevEnd; i < end; i++) recent = Math.max(recent, bars.high[i]!)
    for (let i = prevStart; i < prevEnd; i++) previous = Math.max(previous, bars.high[i]!)
    return recent > previous
  }
  let recent = Number.POSITIVE_INFINITY
  let previous = Number.POSITIVE_INFINITY
  for (let i = prevEnd; i < end; i++) recent = Math.min(recent, bars.low[i]!)
  for (let i = prevStart; i < prevEnd; i++) previous = Math.min(previous, bars.low[i]!)
  return recent < previous
}
