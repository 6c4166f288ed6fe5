import { Either } from "effect"
import { Decimal } from "../domain/Money.ts"
import { isTerminalState } from "../domain/Position.ts"
import {
  isBetterStop,
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { andThen, cancelOrder, placeOrder, step } from "./Orders.ts"
import type {
  CancelEntry,
  ConfirmIntent,
  EscalateExit,
  MoveStop,
  RequestExit,
  RetryProtection
} from "./PositionEvent.ts"
import { holdsQuantity } from "./ProtectionPlan.ts"
import { type Handled, invalid } from "./Transition.ts"

/** Filled positions with no exit in flight: the ones whose stop, exits and TPs are managed. */
export const MANAGED_STATES: ReadonlySet<string> = new Set(["OPEN", "PROTECTED", "PARTIAL"])

/** Invariant D, checked before anything changes: toward profit only, never beyond the initial stop's loss side. */
export const onMoveStop = (p: ManagedPosition, e: typeof MoveStop.Type): Handled => {
  if (!MANAGED_STATES.has(p.state)) return invalid(p, e, "the stop moves only while the position is open")
  if (e.price.eq(p.stopTarget)) return Either.right(step(p))
  const floor =
    p.side === "long" ? Decimal.max(p.stopTarget, p.plan.initialStop) : Decimal.min(p.stopTarget, p.plan.initialStop)
  if (!isBetterStop(p.side, e.price, floor))
    return invalid(p, e, `invariant D: a ${p.side} stop may not move from ${p.stopTarget} to ${e.price}`)
  return Either.right(
    step({
      ...p,
      stopTarget: e.price,
      stopRetryBlocked: false,
      trailingActive: p.trailingActive || e.reason === "trailing",
      breakEvenTriggered: p.breakEvenTriggered || e.reason === "break_even",
      state: e.reason === "break_even" && p.state === "OPEN" ? "PROTECTED" : p.state
    })
  )
}

/** A full close: one reduce-only market order for the remaining quantity; stop and TPs stay until it fills. */
export const onRequestExit = (p: ManagedPosition, e: typeof RequestExit.Type, rules: MachineRules): Handled => {
  if (!MANAGED_STATES.has(p.state)) return invalid(p, e, "only an open position can be closed (cancel a pending entry)")
  const closing: ManagedPosition = {
    ...p,
    state: "EXIT_PENDING",
    exitReason: e.reason,
    exitOrdersBefore: ordersWithRole(p, "exit").length
  }
  return Either.right(placeOrder(closing, "exit", "exit", remainingQuantity(p), undefined, rules))
}

/**
 * A stuck close sent again with an explicit size (§6.6): the earlier exit orders still live are cancelled and a new
 * reduce-only market order for the remaining quantity is placed at once (reduce-only: should the old one fill after
 * all, the venue never lets the two close more than the position). The position stays EXIT_PENDING.
 */
export const onEscalateExit = (p: ManagedPosition, e: typeof EscalateExit.Type, rules: MachineRules): Handled => {
  if (p.state !== "EXIT_PENDING") return invalid(p, e, "only a pending exit can be escalated")
  if (!holdsQuantity(p, rules)) return invalid(p, e, "the position holds no quantity to close")
  const resent = placeOrder(p, "exit", "exit", remainingQuantity(p), undefined, rules)
  return Either.right(
    ordersWithRole(p, "exit")
      .filter(isLive)
      .reduce((acc, order) => andThen(acc, (r) => cancelOrder(r, order)), resent)
  )
}

export const onCancelEntry = (p: ManagedPosition, e: typeof CancelEntry.Type): Handled => {
  if (p.state !== "PENDING") return invalid(p, e, "only a pending entry can be cancelled")
  return Either.right(
    ordersWithRole(p, "entry")
      .filter(isLive)
      .reduce((acc, order) => andThen(acc, (r) => cancelOrder(r, order)), step({ ...p, state: "CANCEL_PENDING" }))
  )
}

export const onConfirmIntent = (p: ManagedPosition, e: typeof ConfirmIntent.Type): Handled =>
  isTerminalState(p.state)
    ? invalid(p, e, "the position is terminal")
    : Either.right(step(p.intentConfirmed ? p : { ...p, intentConfirmed: true }))

export const onRetryProtection = (p: ManagedPosition, e: typeof RetryProtection.Type, rules: MachineRules): Handled =>
  holdsQuantity(p, rules)
    ? Either.right(step(p.stopRetryBlocked ? { ...p, stopRetryBlocked: false } : p))
    : invalid(p, e, "the position holds no quantity to protect")
