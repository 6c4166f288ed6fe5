import { Either } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import { MANAGED_STATES } from "./Commands.ts"
import {
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  type TrackedOrder
} from "./ManagedPosition.ts"
import { step } from "./Orders.ts"
import type { BackfillTakeProfits } from "./PositionEvent.ts"
import { holdsQuantity } from "./ProtectionPlan.ts"
import { levelOf, levelSize, placeTakeProfits, TAKE_PROFIT_ROLES, type TakeProfitRole } from "./TakeProfitLadder.ts"
import type { Handled } from "./Transition.ts"

/** A placement of the level that ended without taking its size: refused, or cancelled (by hand, by the venue). */
const endedUnfilled = (o: TrackedOrder): boolean =>
  o.status === "rejected" || (o.status === "cancelled" && o.filled.lt(o.quantity))

/** The level still lies on the profit side of the mark by the minimum distance (a passed level is not chased). */
const beyondMark = (side: Side, price: Decimal, mark: Decimal, rules: MachineRules): boolean =>
  side === "long"
    ? price.gt(mark.times(new Decimal(1).plus(rules.takeProfitMinDistance)))
    : price.lt(mark.times(new Decimal(1).minus(rules.takeProfitMinDistance)))

/**
 * The TP levels to place again (trading-core §6.7, "Do": TPs only, never the stop): a settled, protected position
 * whose plan has the level, not yet filled, with no live order for it (never placed, rejected, or cancelled on
 * the venue), fewer than `takeProfitMaxFailures` unfilled endings so far (a venue that keeps refusing is not
 * asked forever), still beyond the mark, and of a size the venue accepts.
 */
export const takeProfitsToBackfill = (
  p: ManagedPosition,
  mark: Decimal,
  rules: MachineRules
): ReadonlyArray<TakeProfitRole> => {
  if (!MANAGED_STATES.has(p.state) || !holdsQuantity(p, rules)) return []
  if (ordersWithRole(p, "entry").some(isLive)) return []
  if (!ordersWithRole(p, "stop").some((o) => o.status === "working")) return []
  return TAKE_PROFIT_ROLES.filter((role) => {
    const level = levelOf(p, role)
    const orders = ordersWithRole(p, role)
    return (
      level.price !== undefined &&
      !level.done &&
      !orders.some(isLive) &&
      orders.filter(endedUnfilled).length < rules.takeProfitMaxFailures &&
      beyondMark(p.side, level.price, mark, rules) &&
      levelSize(p, role).gte(p.plan.minSize)
    )
  })
}

/** Places the missing levels; nothing missing leaves the record as it is (the command is then not recorded). */
export const onBackfillTakeProfits = (
  p: ManagedPosition,
  e: typeof BackfillTakeProfits.Type,
  rules: MachineRules
): Handled => {
  const roles = takeProfitsToBackfill(p, e.mark, rules)
  return Either.right(roles.length === 0 ? step(p) : placeTakeProfits(p, roles, rules))
}
