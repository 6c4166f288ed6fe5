import { type Decimal, roundPriceToTick, roundStopPrice } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { DecisionSignal } from "./DecisionTypes.ts"

/** A signal's levels moved onto the perpetual's price grid. */
export interface FuturesLevels {
  readonly entry: Decimal
  readonly stop: Decimal
  /** The signal's own target (the risk manager's TP for its edge and R:R gates). */
  readonly takeProfit: Decimal
  /** Structural targets beyond entry, nearest first (the TP ladder fills its slots with them first). */
  readonly structuralTargets: ReadonlyArray<Decimal>
}

/** The price is on the profit side of entry. */
export const beyondEntry = (side: Side, entry: Decimal, price: Decimal): boolean =>
  side === "long" ? price.gt(entry) : price.lt(entry)

/**
 * Signal levels are spot prices; the order goes to the perpetual. Each level keeps its percentage distance from
 * entry (trading-core §5.5), the entry is the perpetual's reference price on its tick, the stop is rounded away
 * from the market (`roundStopPrice`) and targets to the nearest tick. Structural targets closer to entry than
 * `minTargetDistancePct` are dropped (a 0.1 % "TP" only pays fees).
 */
export const futuresLevels = (
  signal: DecisionSignal,
  reference: Decimal,
  tick: Decimal,
  minTargetDistancePct: number
): FuturesLevels => {
  const entry = roundPriceToTick(reference, tick)
  const ratio = entry.div(signal.entryPrice)
  const target = (spot: Decimal) => roundPriceToTick(spot.times(ratio), tick)
  const structuralTargets = signal.tpCandidates
    .map(target)
    .filter(
      (price) => beyondEntry(signal.side, entry, price) && price.minus(entry).abs().div(entry).gte(minTargetDistancePct)
    )
    .sort((a, b) => a.minus(entry).abs().comparedTo(b.minus(entry).abs()))
  return {
    entry,
    stop: roundStopPrice(signal.stopLoss.times(ratio), tick, signal.side),
    takeProfit: target(signal.takeProfit),
    structuralTargets
  }
}
