import { Decimal, roundSizeDown, ZERO } from "../domain/Money.ts"
import {
  entryQuantity,
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  remainingQuantity
} from "./ManagedPosition.ts"
import { andThen, placeOrder, type Step, step } from "./Orders.ts"
import type { PositionEffect } from "./PositionEffect.ts"

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
 * The open size of every TP that may still rest on the venue and fill: requested, working, and cancelling too (a
 * cancel in flight may lose the race to a fill). Placement measures the room left by it, so a new TP never counts
 * on a cancel before the venue confirmed it.
 */
const restingTakeProfits = (p: ManagedPosition): Decimal =>
  p.orders
    .filter((o) => isTakeProfit(o.role) && isLive(o))
    .reduce((total, o) => total.plus(o.quantity.minus(o.filled)), ZERO)

/**
 * The size of one level now: its share of the filled entry (rounded down to the contract step, §5.5) less what
 * its earlier orders already took, clamped so the live ladder never exceeds the remaining quantity.
 */
export const levelSize = (p: ManagedPosition, role: TakeProfitRole): Decimal => {
  const taken = ordersWithRole(p, role).reduce((total, o) => total.plus(o.filled), ZERO)
  const target = roundSizeDown(entryQuantity(p).times(levelOf(p, role).fraction), p.plan.sizeStep).minus(taken)
  const room = roundSizeDown(remainingQuantity(p).minus(restingTakeProfits(p)), p.plan.sizeStep)
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

/** Furthest first: when the position shrinks, the level least likely to fill gives way first. */
const SHRINK_ORDER: ReadonlyArray<TakeProfitRole> = ["tp2", "tp1"]

/**
 * What keeps the resting ladder within the position after it shrank (a partial close, a synthetic exit from
 * reconciliation): while the open size of the resting TPs exceeds the remaining quantity, the working TPs give way,
 * furthest first — amended down to a smaller total (rounded to the step; the record follows once the venue took
 * it) or, when what would remain is below the venue minimum, cancelled (the venue's update closes it). Reduce-only
 * orders never close more than the position, but the book should say what it will take. Requested TPs were sized
 * by the room at placement. While a TP's cancel is in flight nothing is shrunk: most such cancels succeed (a late
 * duplicate of a TP given up as unacknowledged), and cutting a working TP to make room for it would leave the
 * ladder short for good (nothing grows a TP back); if the cancelled TP fills instead, the position shrinks and
 * the next upkeep brings the ladder within it. Reduce-only keeps the venue from over-closing meanwhile.
 */
export const takeProfitShrink = (p: ManagedPosition, rules: MachineRules): ReadonlyArray<PositionEffect> => {
  if (p.orders.some((o) => isTakeProfit(o.role) && o.status === "cancelling")) return []
  let excess = restingTakeProfits(p).minus(remainingQuantity(p))
  const effects: Array<PositionEffect> = []
  for (const role of SHRINK_ORDER)
    for (const order of ordersWithRole(p, role).filter((o) => o.status === "working")) {
      if (excess.lte(rules.dustQuantity)) return effects
      const open = order.quantity.minus(order.filled)
      const kept = roundSizeDown(Decimal.max(open.minus(excess), ZERO), p.plan.sizeStep)
      const ref = { positionId: p.positionId, clientOrderId: order.clientOrderId, orderId: order.orderId }
      if (kept.lt(p.plan.minSize)) {
        effects.push({ _tag: "CancelOrder", ...ref })
        excess = excess.minus(open)
      } else {
        effects.push({ _tag: "AmendOrder", ...ref, quantity: order.filled.plus(kept) })
        excess = excess.minus(open.minus(kept))
      }
    }
  return effects
}
