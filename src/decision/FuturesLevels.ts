import { Decimal, roundPriceToTick, roundStopPrice } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { DecisionSignal } from "./DecisionTypes.ts"

/** A signal's levels moved onto the perpetual's price grid. */
export interface FuturesLevels {
  readonly entry: Decimal
  readonly stop: Decimal
  /** The signal's own target at its own reward-to-risk (the risk manager's TP for its edge and R:R gates). */
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
 * from the market (`roundStopPrice`), the main target keeps the signal's reward-to-risk and structural targets go
 * to the nearest tick. Structural targets closer to entry than
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
  const stop = roundStopPrice(signal.stopLoss.times(ratio), tick, signal.side)
  return { entry, stop, takeProfit: targetKeepingReward(signal, entry, stop, tick), structuralTargets }
}

/**
 * The signal's target on the grid at the signal's own reward-to-risk over the rounded stop, rounded away from
 * entry: moving levels onto ticks (the stop outward) must not turn a 2 R signal into a 1.998 R one that the
 * risk manager's R:R gate then refuses.
 */
const targetKeepingReward = (signal: DecisionSignal, entry: Decimal, stop: Decimal, tick: Decimal): Decimal => {
  const risk = signal.entryPrice.minus(signal.stopLoss).abs()
  const rewardToRisk = signal.takeProfit.minus(signal.entryPrice).abs().div(risk)
  const distance = entry.minus(stop).abs().times(rewardToRisk)
  return signal.side === "long"
    ? entry.plus(distance).toNearest(tick, Decimal.ROUND_CEIL)
    : entry.minus(distance).toNearest(tick, Decimal.ROUND_FLOOR)
}
