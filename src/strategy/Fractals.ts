/**
 * The original's `find_swing_points` (spec/strategy.md §2): over the last `window` bars ending at `end`
 * (exclusive), a bar is a swing high when its high is strictly above both neighbours' highs (a 1-bar
 * fractal), a swing low symmetric with lows; the window's first and last bars never qualify.
 */
export interface Fractals {
  /** Prices, oldest first. */
  readonly highs: ReadonlyArray<number>
  readonly lows: ReadonlyArray<number>
}

export const fractals = (high: Float64Array, low: Float64Array, end: number, window: number): Fractals => {
  const start = Math.max(0, end - window)
  const highs: Array<number> = []
  const lows: Array<number> = []
  for (let i = start + 1; i < end - 1; i++) {
    if (high[i]! > high[i - 1]! && high[i]! > high[i + 1]!) highs.push(high[i]!)
    if (low[i]! < low[i - 1]! && low[i]! < low[i + 1]!) lows.push(low[i]!)
  }
  return { highs, lows }
}
