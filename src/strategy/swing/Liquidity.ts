import type { Bars } from "../Types.ts"
import type { LiquidityPool, SwingPoint } from "./Events.ts"

/**
 * Liquidity (smc-definitions §5), causal: a swing starts a pool with the band level ± p, p = range_percent ×
 * (highest high − lowest low of the bars seen so far) — the reference uses the range of the whole input,
 * future included. Later swings of the same kind inside the band join the first open pool that has not been
 * swept before them; the pool exists once two swings joined. Swept = first bar after the first swing with
 * high ≥ level + p (equal lows: low ≤ level − p).
 */
export class LiquidityTracker {
  readonly all: Array<LiquidityPool> = []
  /** Pools swings can still join: unswept, or swept less than swing_length bars ago (an older swing may confirm). */
  private open: Array<LiquidityPool> = []
  private maxHigh = Number.NEGATIVE_INFINITY
  private minLow = Number.POSITIVE_INFINITY
  /**
   * Lowest sweep level of unswept equal highs / highest of unswept equal lows (bars inside both sweep
   * nothing), and the earliest sweep among open pools (when they can be dropped).
   */
  private reach = {
    high: Number.POSITIVE_INFINITY,
    low: Number.NEGATIVE_INFINITY,
    oldestSweep: Number.POSITIVE_INFINITY
  }

  constructor(
    readonly swingLength: number,
    readonly rangePercent = 0.01
  ) {}

  /** Feed bar t before the swings of bar t. */
  onBar(bars: Bars, t: number, abs: number): void {
    const high = bars.high[t]!
    const low = bars.low[t]!
    this.maxHigh = Math.max(this.maxHigh, high)
    this.minLow = Math.min(this.minLow, low)
    if (high >= this.reach.high || low <= this.reach.low) {
      for (const pool of this.open) if (pool.sweptAt === null && sweeps(pool, high, low)) pool.sweptAt = abs
      this.updateReach()
    }
    if (this.reach.oldestSweep < abs - this.swingLength) {
      this.open = this.open.filter((p) => p.sweptAt === null || p.sweptAt >= abs - this.swingLength)
      this.updateReach()
    }
  }

  private updateReach(): void {
    let high = Number.POSITIVE_INFINITY
    let low = Number.NEGATIVE_INFINITY
    let oldestSweep = Number.POSITIVE_INFINITY
    for (const p of this.open) {
      if (p.sweptAt !== null) {
        oldestSweep = Math.min(oldestSweep, p.sweptAt)
        continue
      }
      const level = p.members[0]!.price
      if (p.direction === "bullish") high = Math.min(high, level + p.tolerance)
      else low = Math.max(low, level - p.tolerance)
    }
    this.reach = { high, low, oldestSweep }
  }

  /** A swing confirmed at bar t (absolute `abs`). */
  onSwing(swing: SwingPoint, bars: Bars, t: number, abs: number): void {
    const direction = swing.kind === "high" ? "bullish" : "bearish"
    const member = { index: swing.index, price: swing.price, joinedAt: abs }
    const pool = this.open.find(
      (p) =>
        p.direction === direction &&
        (p.sweptAt === null || swing.index < p.sweptAt) &&
        Math.abs(swing.price - p.members[0]!.price) <= p.tolerance
    )
    if (pool !== undefined) {
      pool.members.push(member)
      if (pool.confirmedAt === null) {
        pool.confirmedAt = abs
        this.all.push(pool)
      }
      return
    }
    const fresh: LiquidityPool = {
      index: swing.index,
      direction,
      tolerance: this.rangePercent * (this.maxHigh - this.minLow),
      members: [member],
      confirmedAt: null,
      sweptAt: null
    }
    // Bars between the swing and its confirmation may already have swept it.
    for (let j = swing.index + 1; j <= abs; j++) {
      const k = t - (abs - j)
      if (sweeps(fresh, bars.high[k]!, bars.low[k]!)) {
        fresh.sweptAt = j
        break
      }
    }
    this.open.push(fresh)
    this.updateReach()
  }
}

const sweeps = (pool: LiquidityPool, high: number, low: number): boolean => {
  const level = pool.members[0]!.price
  return pool.direction === "bullish" ? high >= level + pool.tolerance : low <= level - pool.tolerance
}

/** The pool's level: mean of its members' levels. */
export const poolLevel = (pool: LiquidityPool): number =>
  pool.members.reduce((sum, m) => sum + m.price, 0) / pool.members.length
