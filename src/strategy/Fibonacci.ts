/**
 * Fibonacci levels of the original (spec/strategy.md §2): over the last min(lookback, N − 5) bars, swing
 * high = highest high and swing low = lowest low (ties: most recent bar); every level is measured upward
 * from the low, whatever the trade direction (kept as the original's rule, see docs/STRATEGY.md).
 */
export const FIB_RATIOS = [0.236, 0.382, 0.5, 0.618, 0.786, 1.272, 1.618] as const
/** The ratios whose proximity scores 10 (the others: 1.272/1.618 score 5, 0.236 scores 0). */
const CORE_RATIOS = [0.382, 0.5, 0.618, 0.786] as const
const EXTENSION_RATIOS = [1.272, 1.618] as const
export const OTE_LOW = 0.705
export const OTE_HIGH = 0.79

export interface FibLevels {
  readonly swingHigh: number
  readonly swingLow: number
  /** Bar indices of the swing high and low in the input. */
  readonly highIndex: number
  readonly lowIndex: number
  readonly range: number
  /** Price of each ratio in FIB_RATIOS, same order. */
  readonly levels: ReadonlyArray<number>
  readonly oteLow: number
  readonly oteHigh: number
}

export const MIN_FIB_BARS = 20

/** Levels over bars [0, end); undefined with fewer than 20 bars or a non-positive range. */
export const fibLevels = (
  high: Float64Array,
  low: Float64Array,
  end: number,
  lookback: number
): FibLevels | undefined => {
  if (end < MIN_FIB_BARS) return undefined
  const start = end - Math.min(lookback, end - 5)
  let highIndex = start
  let lowIndex = start
  for (let i = start; i < end; i++) {
    if (high[i]! >= high[highIndex]!) highIndex = i
    if (low[i]! <= low[lowIndex]!) lowIndex = i
  }
  const swingHigh = high[highIndex]!
  const swingLow = low[lowIndex]!
  const range = swingHigh - swingLow
  if (!(range > 0)) return undefined
  return {
    swingHigh,
    swingLow,
    highIndex,
    lowIndex,
    range,
    levels: FIB_RATIOS.map((r) => swingLow + r * range),
    oteLow: swingLow + OTE_LOW * range,
    oteHigh: swingLow + OTE_HIGH * range
  }
}

const near = (price: number, level: number, tolerance: number): boolean => Math.abs(price - level) <= level * tolerance

const nearAny = (fib: FibLevels, price: number, tolerance: number, ratios: ReadonlyArray<number>): boolean =>
  ratios.some((r) => near(price, fib.swingLow + r * fib.range, tolerance))

export const inOte = (fib: FibLevels, price: number): boolean => price >= fib.oteLow && price <= fib.oteHigh

/** The Fib gate: inside the OTE zone or within `proximityBps` of any of the seven levels. */
export const fibConfluence = (fib: FibLevels, price: number, proximityBps: number): boolean =>
  inOte(fib, price) || fib.levels.some((level) => near(price, level, proximityBps / 10_000))

/** Fib score (spec §5): OTE 15, near 0.382–0.786 10, near an extension 5, else 0. */
export const fibScore = (fib: FibLevels | undefined, price: number, proximityBps: number): number => {
  if (fib === undefined) return 0
  if (inOte(fib, price)) return 15
  const tolerance = proximityBps / 10_000
  if (nearAny(fib, price, tolerance, CORE_RATIOS)) return 10
  if (nearAny(fib, price, tolerance, EXTENSION_RATIOS)) return 5
  return 0
}
