import { Either } from "effect"
import { ZERO } from "../domain/Money.ts"
import { isTerminalState } from "../domain/Position.ts"
import { closeout } from "./Lifecycle.ts"
import {
  averageEntry,
  type MachineRules,
  type ManagedPosition,
  type PositionFill,
  remainingQuantity
} from "./ManagedPosition.ts"
import { step } from "./Orders.ts"
import type { QuantityObserved } from "./PositionEvent.ts"
import { type Handled, invalid } from "./Transition.ts"

/**
 * Converges the record on the exchange's quantity (trading-core §7.2): a pending entry adopts what the
 * exchange holds; a difference becomes a synthetic fill (marked, so the trade recorder backfills real fills);
 * a position missing on the exchange is ORPHANED only after `orphanAfterMisses` consecutive observations.
 * An observation that changes nothing returns the record itself, so it is not recorded as processed.
 */
export const onQuantityObserved = (
  p: ManagedPosition,
  e: typeof QuantityObserved.Type,
  rules: MachineRules
): Handled => {
  if (isTerminalState(p.state)) return invalid(p, e, "the position is terminal")
  const remaining = remainingQuantity(p)
  const delta = e.quantity.minus(remaining)
  const awaitingEntry = p.state === "PENDING" || p.state === "CANCEL_PENDING"
  if (e.quantity.lte(rules.dustQuantity)) {
    if (awaitingEntry) return Either.right(step(p))
    if (remaining.lte(rules.dustQuantity)) return Either.right(closeout(p, "CLOSED", "reconciliation", e.at))
    const missingChecks = p.missingChecks + 1
    return Either.right(
      missingChecks >= rules.orphanAfterMisses
        ? closeout({ ...p, missingChecks }, "ORPHANED", "reconciliation", e.at)
        : step({ ...p, missingChecks })
    )
  }
  if (delta.abs().lte(rules.dustQuantity))
    return Either.right(step(p.missingChecks === 0 ? p : { ...p, missingChecks: 0 }))
  const fill: PositionFill = {
    fillId: `observed:${e.observationId}`,
    quantity: delta.abs(),
    price: e.price ?? averageEntry(p),
    fee: ZERO,
    time: e.at,
    synthetic: true
  }
  return Either.right(
    delta.gt(0)
      ? step({ ...p, entryFills: [...p.entryFills, fill], state: awaitingEntry ? "OPEN" : p.state, missingChecks: 0 })
      : step({
          ...p,
          exitFills: [...p.exitFills, fill],
          state: p.state === "EXIT_PENDING" ? p.state : "PARTIAL",
          missingChecks: 0
        })
  )
}
