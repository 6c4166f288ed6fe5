import type { Direction } from "../Types.ts"

/**
 * Events of the `swing` model (reference/smc-definitions.md), made causal: every record says at which bar
 * it became known (`confirmedAt`), and every later change of its state carries the bar where it happened.
 * Indices are bar positions counted from the first bar the engine saw.
 */
export interface SwingPoint {
  readonly index: number
  readonly kind: "high" | "low"
  readonly price: number
  /** index + swing_length: the first bar whose data makes the window complete. */
  readonly confirmedAt: number
  /** Bar at which a more extreme swing of the same run replaced it (the reference's alternation clean-up). */
  supersededAt: number | null
}

export interface StructureBreak {
  /** The swing whose level was broken (the reference's signal bar b). */
  readonly index: number
  readonly kind: "BOS" | "CHOCH"
  readonly direction: Direction
  readonly level: number
  /**
   * Level of swing c, between the broken swing b and the swing d beyond it (the higher low of a bullish
   * break, the lower high of a bearish one): a close past it undoes the break.
   */
  readonly invalidationLevel: number
  /** First bar from index + 2 whose close is beyond the level. */
  readonly brokenAt: number
  /** max(bar at which the four-swing pattern became known, brokenAt). */
  readonly confirmedAt: number
  /** Bar at which a later level broken no later than this one replaced it. */
  supersededAt: number | null
}

export interface FairValueGap {
  /** The middle bar of the three. */
  readonly index: number
  readonly direction: Direction
  readonly top: number
  readonly bottom: number
  /** index + 1. */
  readonly confirmedAt: number
  /** First bar from index + 2 touching the near edge. */
  mitigatedAt: number | null
}

export interface SwingOrderBlock {
  /** The OB bar: lowest-low (bullish) / highest-high (bearish) bar between the swing and the break. */
  readonly index: number
  readonly direction: Direction
  readonly top: number
  readonly bottom: number
  readonly volume: number
  /** Volume balance 0..100 of the breaking bars against the bar before them. */
  readonly percentage: number
  /** The bar whose close broke the swing level. */
  readonly confirmedAt: number
  /** Bar where price first traded through the far side (the OB becomes a breaker). */
  mitigatedAt: number | null
  /** Bar where a breaker was traded through on the other side (the reference deletes the OB). */
  invalidatedAt: number | null
}

/** Equal highs (buy-side, "bullish") or equal lows (sell-side, "bearish") liquidity. */
export interface LiquidityPool {
  /** The first swing of the group. */
  readonly index: number
  readonly direction: Direction
  /** Half-width of the band around the first swing's level. */
  readonly tolerance: number
  /** Swings of the group in joining order, each with the bar at which it joined. */
  readonly members: Array<{ readonly index: number; readonly price: number; readonly joinedAt: number }>
  /** Bar at which the second swing joined: the pool exists from then. */
  confirmedAt: number | null
  /** First bar after the first swing trading through the band's far edge. */
  sweptAt: number | null
}
