import { type Decimal, roundSizeDown, ZERO } from "../domain/Money.ts"
import {
  entryQuantity,
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { andThen, placeOrder, type Step, step } from "./Orders.ts"

export type TakeProfitRole = "tp1" | "tp2"

/** The ladder in placement order: TP1 is sized first, TP2 gets what the position has room for. */
export const TAKE_PROFIT_ROLES: ReadonlyArray<TakeProfitRole> = ["tp1", "tp2"]

interface Level {
  readonly price: Decimal | undefined
  readonly fraction: Decimal
  readonly done: boolean
}

export const levelOf = (p: ManagedPosition, role: TakeProfitRole): Level =>
  role === "tp1"
    ? { price: p.plan.tp1Price, fraction: p.plan.tp1Fraction, done: p.tp1Filled }
    : { price: p.plan.tp2Price, fraction: p.plan.tp2Fraction, done: p.tp2Filled }

const isTakeProfit = (role: string): boolean => role === "tp1" || role === "tp2"

/**
 * The size of one level now: its share of the filled entry (rounded down to the contract step, §5.5) less what
 * its earlier orders already took, clamped so the live ladder never exceeds the remaining quantity.
 */
export const levelSize = (p: ManagedPosition, role: TakeProfitRole): Decimal => {
  const taken = ordersWithRole(p, role).reduce((total, o) => total.plus(o.filled), ZERO)
  const target = roundSizeDown(entryQuantity(p).times(levelOf(p, role).fraction), p.plan.sizeStep).minus(taken)
  const resting = p.orders
    .filter((o) => isTakeProfit(o.role) && isLive(o))
    .reduce((total, o) => total.plus(o.quantity.minus(o.filled)), ZERO)
  const room = roundSizeDown(remainingQuantity(p).minus(resting), p.plan.sizeStep)
  return target.lt(room) ? target : room
}

/**
 * Places reduce-only TP limits for `roles`, in ladder order; a level without a price or whose size is below the
 * venue minimum is skipped. The one placement path for take profits: the first ladder and the backfill alike.
 */
export const placeTakeProfits = (p: ManagedPosition, roles: ReadonlyArray<TakeProfitRole>, rules: MachineRules): Step =>
  roles.reduce(
    (acc, role) =>
      andThen(acc, (r) => {
        const price = levelOf(r, role).price
        const size = levelSize(r, role)
        return price !== undefined && size.gte(r.plan.minSize) ? placeOrder(r, role, role, size, price, rules) : step(r)
      }),
    step(p)
  )
