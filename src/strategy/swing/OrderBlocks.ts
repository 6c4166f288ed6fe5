import type { Bars, Direction } from "../Types.ts"
import type { SwingOrderBlock, SwingPoint } from "./Events.ts"

/**
 * Order blocks (smc-definitions §4, close_mitigation = false), causal: at bar i, when the close breaks the
 * last swing high known at i (bullish; bearish mirrored with the last swing low) and that swing was not used
 * yet, the OB is the lowest-low bar between the swing and i (last on ties). Deliberate differences from the
 * reference: only confirmed swings count (the reference uses swings up to n bars in the future); the
 * adjacent-bar case is not inverted; mitigation is recorded at the bar that trades through (not i − 1);
 * a traded-through breaker is marked invalidated instead of deleted.
 */
export class OrderBlockTracker {
  readonly all: Array<SwingOrderBlock> = []
  private active: Array<SwingOrderBlock> = []
  private readonly crossed = new Set<number>()

  /** Feed bar t (absolute `abs`) after the swings of bar t are known. */
  push(bars: Bars, t: number, abs: number, lastHigh: SwingPoint | undefined, lastLow: SwingPoint | undefined): void {
    this.update(bars.high[t]!, bars.low[t]!, abs)
    const close = bars.close[t]!
    if (lastHigh !== undefined && close > lastHigh.price && !this.crossed.has(lastHigh.index))
      this.create(bars, t, abs, lastHigh, "bullish")
    if (lastLow !== undefined && close < lastLow.price && !this.crossed.has(lastLow.index))
      this.create(bars, t, abs, lastLow, "bearish")
  }

  /** Levels whose crossing changes some active OB: bars inside all of them change nothing (checked in O(1)). */
  private reach = {
    freshBullBottom: -Infinity,
    breakerBullTop: Infinity,
    freshBearTop: Infinity,
    breakerBearBottom: -Infinity
  }

  private update(high: number, low: number, abs: number): void {
    const r = this.reach
    if (!(low < r.freshBullBottom || high > r.breakerBullTop || high > r.freshBearTop || low < r.breakerBearBottom))
      return
    let changed = false
    for (const ob of this.active) {
      const bullish = ob.direction === "bullish"
      if (ob.mitigatedAt === null) {
        if (bullish ? low < ob.bottom : high > ob.top) ob.mitigatedAt = abs
      } else if (bullish ? high > ob.top : low < ob.bottom) {
        ob.invalidatedAt = abs
        changed = true
      }
    }
    if (changed) this.active = this.active.filter((ob) => ob.invalidatedAt === null)
    this.updateReach()
  }

  private updateReach(): void {
    const r = {
      freshBullBottom: -Infinity,
      breakerBullTop: Infinity,
      freshBearTop: Infinity,
      breakerBearBottom: -Infinity
    }
    for (const ob of this.active) {
      const fresh = ob.mitigatedAt === null
      if (ob.direction === "bullish") {
        if (fresh) r.freshBullBottom = Math.max(r.freshBullBottom, ob.bottom)
        else r.breakerBullTop = Math.min(r.breakerBullTop, ob.top)
      } else if (fresh) r.freshBearTop = Math.min(r.freshBearTop, ob.top)
      else r.breakerBearBottom = Math.max(r.breakerBearBottom, ob.bottom)
    }
    this.reach = r
  }

  private create(bars: Bars, t: number, abs: number, swing: SwingPoint, direction: Direction): void {
    this.crossed.add(swing.index)
    const bullish = direction === "bullish"
    // Bars strictly between the swing and the break; the swing bar itself when they are adjacent.
    const from = t - (abs - swing.index) + 1
    let pick = from >= t ? t - 1 : from
    for (let k = from; k < t; k++) {
      if (bullish ? bars.low[k]! <= bars.low[pick]! : bars.high[k]! >= bars.high[pick]!) pick = k
    }
    const v = (k: number): number => (k >= 0 ? bars.volume[k]! : 0)
    const recent = v(t) + v(t - 1)
    const older = v(t - 2)
    const max = Math.max(recent, older)
    const ob: SwingOrderBlock = {
      index: abs - (t - pick),
      direction,
      top: bars.high[pick]!,
      bottom: bars.low[pick]!,
      volume: recent + older,
      percentage: max === 0 ? 100 : (100 * Math.min(recent, older)) / max,
      confirmedAt: abs,
      mitigatedAt: null,
      invalidatedAt: null
    }
    this.all.push(ob)
    this.active.push(ob)
    this.updateReach()
  }

  /** The most recent order block of `direction` that is neither mitigated nor invalidated. */
  latestUnmitigated(direction: Direction): SwingOrderBlock | undefined {
    for (let k = this.active.length - 1; k >= 0; k--) {
      const ob = this.active[k]!
      if (ob.direction === direction && ob.mitigatedAt === null) return ob
    }
    return undefined
  }
}
