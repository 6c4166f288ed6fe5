import type { Side } from "../domain/Side.ts"
import type { SetupType, TradeRegime } from "../domain/Signal.ts"
import type { DecisionStructure } from "./DecisionStructure.ts"
import { fmt } from "./Format.ts"
import type { OrderBlock } from "./OriginalStructure.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars, Direction } from "./Types.ts"

/** The structure a trade is built on: its entry and invalidation levels (spec §4) and its identity. */
export interface ChosenSetup {
  readonly type: SetupType
  /** OB and FVG setups are `tight_smc`, BOS/CHoCH setups `wide_structure` (spec §3.5). */
  readonly regime: TradeRegime
  readonly entry: number
  /** The level whose loss invalidates the setup; the stop sits an ATR buffer beyond it. */
  readonly invalidation: number
  /** Series index of the bar the setup rests on: closes after it are checked against the stop. */
  readonly anchor: number
  /** Emit-once identity: type, side and the open time of the anchoring structure's bar (spec §10.1 #1). */
  readonly id: string
  readonly orderBlock: OrderBlock | undefined
  readonly reasoning: string
}

/**
 * The setup of spec §3.5 in its order: order block, else fair value gap, else break of structure. The
 * `original` model only takes an order block (its OB is mandatory, so its FVG/BOS branches never ran). The
 * `swing` model takes all three: OB entry at the near edge (long: high), invalidation at the far edge; FVG
 * the same with the gap's edges; a BOS/CHoCH only when it is the latest break and in the bias direction,
 * entry at the last close and invalidation at the swing the break left behind (the higher low of a bullish
 * break). Undefined when there is nothing to trade.
 */
export const chooseSetup = (
  structure: DecisionStructure,
  direction: Direction,
  decision: Bars,
  params: StrategyParams
): ChosenSetup | undefined => {
  const side: Side = direction === "bullish" ? "long" : "short"
  const long = side === "long"
  const ob = structure.orderBlock
  if (ob !== undefined)
    return {
      type: "ob",
      regime: "tight_smc",
      entry: long ? ob.high : ob.low,
      invalidation: long ? ob.low : ob.high,
      anchor: ob.index,
      id: `ob|${side}|${ob.openTime}`,
      orderBlock: ob,
      reasoning: `order block ${ob.direction} at bar ${ob.index}: ${fmt(ob.low)}–${fmt(ob.high)}`
    }
  if (params.structure_model === "original") return undefined
  const gap = structure.fvg
  if (gap !== undefined)
    return {
      type: "fvg",
      regime: "tight_smc",
      entry: long ? gap.top : gap.bottom,
      invalidation: long ? gap.bottom : gap.top,
      anchor: gap.index,
      id: `fvg|${side}|${gap.openTime}`,
      orderBlock: undefined,
      reasoning: `fair value gap ${gap.direction} at bar ${gap.index}: ${fmt(gap.bottom)}–${fmt(gap.top)}`
    }
  const brk = structure.lastBreak
  if (brk !== undefined && brk.direction === direction)
    return {
      type: "bos",
      regime: "wide_structure",
      entry: decision.close[decision.length - 1]!,
      invalidation: brk.invalidationLevel,
      anchor: brk.brokenAt,
      id: `bos|${side}|${brk.openTime}`,
      orderBlock: undefined,
      reasoning: `${brk.kind} ${brk.direction}: ${fmt(brk.level)} closed through at bar ${brk.brokenAt}, undone past ${fmt(brk.invalidationLevel)}`
    }
  return undefined
}
