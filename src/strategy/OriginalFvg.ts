import { ReachStack } from "./ReachStack.ts"
import type { Bars, Direction } from "./Types.ts"

/** A fair value gap as the original reports it (spec §3.4): index = first bar of the triple. */
export interface OriginalGap {
  readonly direction: Direction
  readonly index: number
  /** Open time of the middle bar. */
  readonly openTime: number
  readonly bottom: number
  readonly top: number
  /** Zone height ÷ |middle close| (fallback |top|). */
  readonly size: number
  /** Bullish: top; bearish: bottom. */
  readonly price: number
}

/**
 * The original FVG scan made incremental. The original walks triples (i, i+1, i+2) from the newest back
 * to bar 0 and returns the most recent gap of the bias direction that no bar from i+3 on has touched
 * (bullish low ≤ top, bearish high ≥ bottom) and whose size is at least `fvg_min_size_pct`. Keeping the
 * untouched gaps per direction gives the same answer with work only for the new bar.
 */
export class OriginalFvgTracker {
  // Bullish gaps are touched by a low at or below their top, bearish ones by a high at or above their bottom.
  private readonly bullish = new ReachStack<OriginalGap>()
  private readonly bearish = new ReachStack<OriginalGap>()

  constructor(readonly minSizePct: number) {}

  /** Feed bar t (absolute index `abs`; gap indices are absolute). */
  push(bars: Bars, t: number, abs: number): void {
    const low = bars.low[t]!
    const high = bars.high[t]!
    this.bullish.takeReached(low)
    this.bearish.takeReached(-high)
    if (t < 2) return
    const i = t - 2
    const c2Close = Math.abs(bars.close[i + 1]!)
    const openTime = bars.openTime[i + 1]!
    if (low > bars.high[i]!) this.add(abs - 2, openTime, "bullish", bars.high[i]!, low, c2Close)
    else if (bars.low[i]! > high) this.add(abs - 2, openTime, "bearish", high, bars.low[i]!, c2Close)
  }

  private add(index: number, openTime: number, direction: Direction, bottom: number, top: number, c2Close: number) {
    const size = (top - bottom) / (c2Close !== 0 ? c2Close : Math.abs(top))
    if (size < this.minSizePct) return
    if (direction === "bullish") this.bullish.add({ direction, index, openTime, bottom, top, size, price: top }, top)
    else this.bearish.add({ direction, index, openTime, bottom, top, size, price: bottom }, -bottom)
  }

  /** The most recent untouched gap of `direction`. */
  latest(direction: Direction): OriginalGap | undefined {
    return (direction === "bullish" ? this.bullish : this.bearish).maxBy((g) => g.index)
  }
}
