import {
  averageEntry,
  entryQuantity,
  isBetterStop,
  type MachineRules,
  type ManagedPosition,
  sumQuantity
} from "./ManagedPosition.ts"

/**
 * Break-even after an exit fill (trading-core §5.7): TP1 filled, at least the configured fraction of the
 * entry closed, and a wide-structure trade or a confirmed intent. The stop target moves to the average entry
 * unless it already is at or beyond it (invariant D: never loosen).
 */
export const applyBreakEven = (p: ManagedPosition, rules: MachineRules): ManagedPosition => {
  if (p.breakEvenTriggered || !p.tp1Filled) return p
  const entered = entryQuantity(p)
  if (entered.isZero() || sumQuantity(p.exitFills).div(entered).lt(rules.breakEvenMinExitFraction)) return p
  if (p.plan.regime !== "wide_structure" && !p.intentConfirmed) return p
  const entry = averageEntry(p)
  return {
    ...p,
    breakEvenTriggered: true,
    stopTarget: isBetterStop(p.side, entry, p.stopTarget) ? entry : p.stopTarget,
    stopRetryBlocked: false
  }
}
