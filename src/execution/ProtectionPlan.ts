import { Decimal, roundSizeDown } from "../domain/Money.ts"
import { isTerminalState } from "../domain/Position.ts"
import {
  entryQuantity,
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { andThen, placeOrder, type Step, step } from "./Orders.ts"

/** The position holds quantity the machine must protect. */
export const holdsQuantity = (p: ManagedPosition, rules: MachineRules): boolean =>
  !isTerminalState(p.state) && remainingQuantity(p).gt(rules.dustQuantity)

/**
 * Keeps one reduce-only stop for the whole remaining quantity at the stop target. One placement is in flight
 * at a time; a replacement is placed first and the old stop is cancelled only once the new one is
 * acknowledged (atomic replacement, trading-core §6.4), so a resize or a move never opens a naked window.
 */
const syncStop = (p: ManagedPosition, rules: MachineRules): Step => {
  const stops = ordersWithRole(p, "stop")
  if (p.stopRetryBlocked || stops.some((o) => o.status === "requested")) return step(p)
  const remaining = remainingQuantity(p)
  const current = stops.filter((o) => o.status === "working").at(-1)
  if (current === undefined) return placeOrder(p, "stop", "stop", remaining, p.stopTarget, rules)
  const outdated = current.quantity.lt(remaining) || current.price === undefined || !current.price.eq(p.stopTarget)
  return outdated ? placeOrder(p, "stop", "replace-stop", remaining, p.stopTarget, rules) : step(p)
}

/**
 * Places the take-profit ladder once, when the entry is done (no entry order live), sized from the filled
 * entry so a partially filled entry gets proportional targets (§5.5). Levels below the venue minimum are
 * skipped; TP2 is clamped so the ladder never exceeds the position.
 */
const syncTakeProfits = (p: ManagedPosition, rules: MachineRules): Step => {
  const entryLive = ordersWithRole(p, "entry").some(isLive)
  const ladderPlaced = p.orders.some((o) => o.role === "tp1" || o.role === "tp2")
  if (entryLive || ladderPlaced || p.state === "EXIT_PENDING") return step(p)
  const filled = entryQuantity(p)
  const remaining = remainingQuantity(p)
  const tp1Size = Decimal.min(roundSizeDown(filled.times(p.plan.tp1Fraction), p.plan.sizeStep), remaining)
  const tp2Size = Decimal.min(
    roundSizeDown(filled.times(p.plan.tp2Fraction), p.plan.sizeStep),
    roundSizeDown(remaining.minus(tp1Size), p.plan.sizeStep)
  )
  const withTp1 =
    p.plan.tp1Price !== undefined && tp1Size.gte(p.plan.minSize)
      ? placeOrder(p, "tp1", "tp1", tp1Size, p.plan.tp1Price, rules)
      : step(p)
  return andThen(withTp1, (r) =>
    r.plan.tp2Price !== undefined && tp2Size.gte(r.plan.minSize)
      ? placeOrder(r, "tp2", "tp2", tp2Size, r.plan.tp2Price, rules)
      : step(r)
  )
}

/** Every transition ends here: a position holding quantity gets its stop (and once, its TP ladder). */
export const syncProtection = (p: ManagedPosition, rules: MachineRules): Step =>
  holdsQuantity(p, rules) ? andThen(syncStop(p, rules), (r) => syncTakeProfits(r, rules)) : step(p)
