import { Either } from "effect"
import { isTerminalState } from "../domain/Position.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExitReason } from "../domain/Trade.ts"
import { applyBreakEven } from "./BreakEven.ts"
import { closeout, restingState } from "./Lifecycle.ts"
import {
  entryQuantity,
  findOrder,
  isBetterStop,
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  type PositionFill,
  remainingQuantity,
  replaceOrder,
  type TrackedOrder
} from "./ManagedPosition.ts"
import { andThen, cancelOrder, deferred, type Step, step } from "./Orders.ts"
import type { OrderAccepted, OrderAmended, OrderClosed, OrderFilled, OrderRejected } from "./PositionEvent.ts"
import { holdsQuantity } from "./ProtectionPlan.ts"
import { type Handled, invalid, withoutExitReason } from "./Transition.ts"

const awaitingEntry = (p: ManagedPosition): boolean => p.state === "PENDING" || p.state === "CANCEL_PENDING"

const closeReason = (order: TrackedOrder, p: ManagedPosition): ExitReason => {
  switch (order.role) {
    case "stop":
      return p.trailingActive ? "trailing_stop" : "stop_loss"
    case "tp1":
    case "tp2":
      return "take_profit"
    default:
      return p.exitReason ?? "stop_loss"
  }
}

/** The close ended without closing, and no escalated close of it is still live: the position rests again. */
const exitAbandoned = (p: ManagedPosition): boolean =>
  p.state === "EXIT_PENDING" && !ordersWithRole(p, "exit").some(isLive)

export const onAccepted = (p: ManagedPosition, e: typeof OrderAccepted.Type): Handled => {
  const order = findOrder(p, e.clientOrderId, e.orderId)
  if (order === undefined) return invalid(p, e, `no order with client id ${e.clientOrderId}`)
  // A stop given up as unacknowledged that turns out to rest on the venue is adopted while the position has
  // no working stop: a live stop is never cancelled just to be placed again.
  const adoptable =
    order.role === "stop" &&
    order.status === "rejected" &&
    !isTerminalState(p.state) &&
    !ordersWithRole(p, "stop").some((o) => o.status === "working") &&
    order.price !== undefined &&
    !isBetterStop(p.side, p.stopPrice, order.price)
  const bound: TrackedOrder = {
    ...order,
    orderId: e.orderId,
    status: order.status === "requested" || adoptable ? "working" : order.status
  }
  const r = replaceOrder(p, bound)
  // A late acknowledgement of an order the position no longer needs, given up as unacknowledged (rejected), or
  // whose cancel may have reached the venue before the order did: cancel it (again), now by its venue id too.
  const unwanted =
    !adoptable &&
    (isTerminalState(p.state) ||
      order.status === "rejected" ||
      (order.status === "cancelling" && order.orderId === undefined))
  if (unwanted && (bound.status === "working" || bound.status === "cancelling" || bound.status === "rejected"))
    return Either.right(
      step(replaceOrder(r, { ...bound, status: "cancelling" }), [
        { _tag: "CancelOrder", positionId: p.positionId, clientOrderId: bound.clientOrderId, orderId: e.orderId }
      ])
    )
  if (isTerminalState(p.state)) return Either.right(step(r))
  if (bound.role !== "stop" || bound.status !== "working" || bound.price === undefined) return Either.right(step(r))
  // The new stop is live: only now is the previous one cancelled (atomic replacement, §6.4).
  const predecessors = ordersWithRole(r, "stop").filter(
    (o) => o.status === "working" && o.clientOrderId !== bound.clientOrderId
  )
  return Either.right(
    predecessors.reduce(
      (acc, old) => andThen(acc, (record) => cancelOrder(record, old)),
      step({
        ...r,
        stopPrice: bound.price,
        stopTarget: isBetterStop(r.side, bound.price, r.stopTarget) ? bound.price : r.stopTarget,
        stopRetryBlocked: r.stopRetryBlocked && !adoptable
      })
    )
  )
}

const onEntryFill = (p: ManagedPosition, fill: PositionFill): Step =>
  step({ ...p, entryFills: [...p.entryFills, fill], state: awaitingEntry(p) ? "OPEN" : p.state, missingChecks: 0 })

const onExitFill = (
  p: ManagedPosition,
  order: TrackedOrder,
  fill: PositionFill,
  rules: MachineRules,
  at: EpochMillis
): Step => {
  const done = order.status === "filled"
  const r: ManagedPosition = {
    ...p,
    exitFills: [...p.exitFills, fill],
    tp1Filled: p.tp1Filled || (order.role === "tp1" && done),
    tp2Filled: p.tp2Filled || (order.role === "tp2" && done)
  }
  if (remainingQuantity(r).lte(rules.dustQuantity)) return closeout(r, "CLOSED", closeReason(order, r), at)
  const protectedRecord = applyBreakEven(r, rules)
  return step({ ...protectedRecord, state: r.state === "EXIT_PENDING" ? "EXIT_PENDING" : "PARTIAL" })
}

export const onFilled = (p: ManagedPosition, e: typeof OrderFilled.Type, rules: MachineRules): Handled => {
  const order = findOrder(p, e.clientOrderId, e.orderId)
  if (order === undefined) return invalid(p, e, `fill ${e.fillId} matches no order of this position`)
  if (order.role === "entry" && isTerminalState(p.state))
    return invalid(p, e, "entry fill on a terminal position: reconciliation adopts the exposure")
  const filled = order.filled.plus(e.quantity)
  const updated: TrackedOrder = {
    ...order,
    filled,
    ...(e.orderId === undefined || order.orderId !== undefined ? {} : { orderId: e.orderId }),
    status: filled.gte(order.quantity) ? "filled" : order.status
  }
  const fill: PositionFill = {
    fillId: e.fillId,
    clientOrderId: order.clientOrderId,
    quantity: e.quantity,
    price: e.price,
    fee: e.fee,
    time: e.at,
    synthetic: false
  }
  const r = replaceOrder(p, updated)
  return Either.right(order.role === "entry" ? onEntryFill(r, fill) : onExitFill(r, updated, fill, rules, e.at))
}

export const onRejected = (p: ManagedPosition, e: typeof OrderRejected.Type, rules: MachineRules): Handled => {
  const order = findOrder(p, e.clientOrderId, undefined)
  if (order === undefined) return invalid(p, e, `no order with client id ${e.clientOrderId}`)
  const r = replaceOrder(p, { ...order, status: "rejected" })
  // Beyond the entry, only a rejection of an order the position still waits for changes more than the order.
  if (isTerminalState(r.state) || (order.role !== "entry" && order.status !== "requested")) return Either.right(step(r))
  switch (order.role) {
    case "entry":
      return Either.right(
        awaitingEntry(r) && entryQuantity(r).isZero() ? closeout(r, "CANCELLED", undefined, e.at) : step(r)
      )
    case "exit":
      return Either.right(step(exitAbandoned(r) ? { ...withoutExitReason(r), state: restingState(r) } : r))
    case "stop": {
      // No silent retry loop: the target falls back to the live stop and the protection service decides.
      const blocked: ManagedPosition = { ...r, stopTarget: r.stopPrice, stopRetryBlocked: true }
      const remaining = remainingQuantity(blocked)
      const covered = ordersWithRole(blocked, "stop").some((o) => o.status === "working" && o.quantity.gte(remaining))
      return Either.right(
        holdsQuantity(blocked, rules) && !covered
          ? step(blocked, [
              {
                _tag: "ProtectionLost",
                positionId: p.positionId,
                symbol: p.symbol,
                reason: `stop ${e.clientOrderId} rejected: ${e.reason}`
              }
            ])
          : step(blocked)
      )
    }
    default:
      return Either.right(step(r))
  }
}

export const onClosed = (p: ManagedPosition, e: typeof OrderClosed.Type, rules: MachineRules): Handled => {
  const order = findOrder(p, e.clientOrderId, e.orderId)
  if (order === undefined) return invalid(p, e, `no order with client id ${e.clientOrderId}`)
  // Fills come before the terminal status (§5.9): a cancel that carries an unseen fill must not lose it.
  if (e.filledQuantity.gt(order.filled))
    return Either.right(
      deferred(p, [
        {
          _tag: "ReplayFills",
          positionId: p.positionId,
          clientOrderId: order.clientOrderId,
          orderId: order.orderId ?? e.orderId
        }
      ])
    )
  const status = e.status === "filled" ? "filled" : "cancelled"
  const r = replaceOrder(p, {
    ...order,
    status,
    ...(order.orderId === undefined && e.orderId !== undefined ? { orderId: e.orderId } : {})
  })
  if (isTerminalState(r.state)) return Either.right(step(r))
  if (order.role === "entry" && status === "cancelled" && awaitingEntry(r) && entryQuantity(r).isZero())
    return Either.right(closeout(r, "CANCELLED", undefined, e.at))
  if (order.role !== "exit" || r.state !== "EXIT_PENDING") return Either.right(step(r))
  if (status === "cancelled")
    return Either.right(step(exitAbandoned(r) ? { ...withoutExitReason(r), state: restingState(r) } : r))
  // The close order filled completely yet quantity remains: an inconsistency no rule can repair (§5.3).
  return Either.right(
    holdsQuantity(r, rules)
      ? step({ ...r, state: "ERROR", closedAt: e.at }, [
          {
            _tag: "ProtectionLost",
            positionId: p.positionId,
            symbol: p.symbol,
            reason: "exit order filled but quantity remains"
          }
        ])
      : step(r)
  )
}

/** The venue resized a live order: the record tracks the new quantity (an order already finished keeps its own). */
export const onAmended = (p: ManagedPosition, e: typeof OrderAmended.Type): Handled => {
  const order = findOrder(p, e.clientOrderId, undefined)
  if (order === undefined) return invalid(p, e, `no order with client id ${e.clientOrderId}`)
  if (order.status !== "working" || order.quantity.eq(e.quantity)) return Either.right(step(p))
  return Either.right(step(replaceOrder(p, { ...order, quantity: e.quantity })))
}
