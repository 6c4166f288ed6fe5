import type { Bars } from "../Types.ts"
import { FvgTracker } from "./FairValueGaps.ts"
import { LiquidityTracker } from "./Liquidity.ts"
import { OrderBlockTracker } from "./OrderBlocks.ts"
import { StructureTracker } from "./StructureBreaks.ts"
import { SwingTracker } from "./Swings.ts"

/**
 * The `swing` model's primitives fed one closed bar at a time: swings, BOS/CHoCH, fair value gaps and
 * order blocks and liquidity pools. Every step reads only bars up to the one being fed, so the events known at bar t do not
 * depend on later bars (tested by cutting series at many points).
 */
export class SwingEngine {
  readonly swings: SwingTracker
  readonly structure = new StructureTracker()
  readonly fvgs = new FvgTracker()
  readonly orderBlocks = new OrderBlockTracker()
  readonly liquidity: LiquidityTracker

  constructor(readonly swingLength: number) {
    this.swings = new SwingTracker(swingLength)
    this.liquidity = new LiquidityTracker(swingLength)
  }

  /** Feed bar t of `bars`, whose absolute index is `abs`. */
  push(bars: Bars, t: number, abs: number): void {
    this.structure.onBar(bars, t, abs)
    this.liquidity.onBar(bars, t, abs)
    const swing = this.swings.push(bars, t, abs)
    if (swing !== undefined) {
      this.structure.onSwing(this.swings.live, bars, t, abs)
      this.liquidity.onSwing(swing, bars, t, abs)
    }
    this.fvgs.push(bars, t, abs)
    this.orderBlocks.push(bars, t, abs, this.swings.lastOf("high"), this.swings.lastOf("low"))
  }
}
