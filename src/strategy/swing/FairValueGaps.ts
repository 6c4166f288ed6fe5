import { ReachStack } from "../ReachStack.ts"
import type { Bars, Direction } from "../Types.ts"
import type { FairValueGap } from "./Events.ts"

/**
 * Fair value gaps (smc-definitions §2, join_consecutive = false): middle bar i with a bullish body and
 * h[i−1] < l[i+1] (bearish mirrored), known at i + 1; mitigated at the first bar from i + 2 that touches
 * the near edge (bullish low ≤ top, bearish high ≥ bottom).
 */
export class FvgTracker {
  readonly all: Array<FairValueGap> = []
  // Bullish gaps are touched by a low at or below their top, bearish ones by a high at or above their bottom.
  private readonly bullish = new ReachStack<FairValueGap>()
  private readonly bearish = new ReachStack<FairValueGap>()

  /** Feed bar t (absolute `abs`). */
  push(bars: Bars, t: number, abs: number): void {
    const low = bars.low[t]!
    const high = bars.high[t]!
    for (const g of this.bullish.takeReached(low)) g.mitigatedAt = abs
    for (const g of this.bearish.takeReached(-high)) g.mitigatedAt = abs
    if (t < 2) return
    const m = t - 1
    const body = bars.close[m]! - bars.open[m]!
    if (body > 0 && bars.high[m - 1]! < low) this.add("bullish", abs - 1, low, bars.high[m - 1]!, abs)
    else if (body < 0 && bars.low[m - 1]! > high) this.add("bearish", abs - 1, bars.low[m - 1]!, high, abs)
  }

  private add(direction: Direction, index: number, top: number, bottom: number, at: number): void {
    const gap: FairValueGap = { index, direction, top, bottom, confirmedAt: at, mitigatedAt: null }
    this.all.push(gap)
    if (direction === "bullish") this.bullish.add(gap, top)
    else this.bearish.add(gap, -bottom)
  }

  /** The most recent unmitigated gap of `direction`. */
  latestOpen(direction: Direction): FairValueGap | undefined {
    return (direction === "bullish" ? this.bullish : this.bearish).maxBy((g) => g.index)
  }
}
