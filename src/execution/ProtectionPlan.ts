import { isTerminalState } from "../domain/Position.ts"
import {
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { andThen, placeOrder, type Step, step } from "./Orders.ts"
import type { PositionEffect } from "./PositionEffect.ts"
import { placeTakeProfits, TAKE_PROFIT_ROLES } from "./TakeProfitLadder.ts"

/** The position holds quantity the machine must protect. */
export const holdsQuantity = (p: ManagedPosition, rules: MachineRules): boolean =>
  !isTerminalState(p.state) && remainingQuantity(p).gt(rules.dustQuantity)

/** The working stop the plan keeps: the last one the venue acknowledged. */
const currentStop = (p: ManagedPosition) =>
  ordersWithRole(p, "stop")
    .filter((o) => o.status === "working")
    .at(-1)

const stopSettling = (p: ManagedPosition) =>
  p.stopRetryBlocked || ordersWithRole(p, "stop").some((o) => o.status === "requested")

/**
 * The amendment that brings a working stop at the right price, larger than the position (after a partial exit
 * or a reconciliation), down to the remaining size. Larger is still safe (reduce-only), but the book should say
 * what it protects; the record follows once the venue took it (OrderAmended). Undefined when nothing to resize.
 */
export const stopResize = (p: ManagedPosition, rules: MachineRules): PositionEffect | undefined => {
  const current = currentStop(p)
  const remaining = remainingQuantity(p)
  if (!holdsQuantity(p, rules) || stopSettling(p) || current === undefined) return undefined
  if (current.price === undefined || !current.price.eq(p.stopTarget) || !current.quantity.gt(remaining))
    return undefined
  return {
    _tag: "AmendOrder",
    positionId: p.positionId,
    clientOrderId: current.clientOrderId,
    orderId: current.orderId,
    quantity: remaining
  }
}

/**
 * Keeps one reduce-only stop for the whole remaining quantity at the stop target. One placement is in flight
 * at a time; a replacement is placed first and the old stop is cancelled only once the new one is
 * acknowledged (atomic replacement, trading-core §6.4), so a resize up or a move never opens a naked window;
 * a resize down is an amendment in place.
 */
const syncStop = (p: ManagedPosition, rules: MachineRules): Step => {
  if (stopSettling(p)) return step(p)
  const remaining = remainingQuantity(p)
  const current = currentStop(p)
  if (current === undefined) return placeOrder(p, "stop", "stop", remaining, p.stopTarget, rules)
  const outdated = current.quantity.lt(remaining) || current.price === undefined || !current.price.eq(p.stopTarget)
  if (outdated) return placeOrder(p, "stop", "replace-stop", remaining, p.stopTarget, rules)
  const resize = stopResize(p, rules)
  return step(p, resize === undefined ? [] : [resize])
}

/**
 * Places the take-profit ladder once, when the entry is done (no entry order live), sized from the filled
 * entry so a partially filled entry gets proportional targets (§5.5). Levels the venue later drops are
 * re-placed by the backfill (TakeProfitBackfill.ts), not here.
 */
const syncTakeProfits = (p: ManagedPosition, rules: MachineRules): Step => {
  const entryLive = ordersWithRole(p, "entry").some(isLive)
  const ladderPlaced = p.orders.some((o) => o.role === "tp1" || o.role === "tp2")
  if (entryLive || ladderPlaced || p.state === "EXIT_PENDING") return step(p)
  return placeTakeProfits(p, TAKE_PROFIT_ROLES, rules)
}

/** Every transition ends here: a position holding quantity gets its stop (and once, its TP ladder). */
export const syncProtection = (p: ManagedPosition, rules: MachineRules): Step =>
  holdsQuantity(p, rules) ? andThen(syncStop(p, rules), (r) => syncTakeProfits(r, rules)) : step(p)
