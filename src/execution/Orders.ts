import { type Decimal, ZERO } from "../domain/Money.ts"
import type { OrderType } from "../domain/Order.ts"
import { entryOrderSide, exitOrderSide } from "../domain/Side.ts"
import { clientOrderIdFor, type OrderPurpose } from "./ClientOrderIds.ts"
import type { MachineRules, ManagedPosition, OrderRole, TrackedOrder } from "./ManagedPosition.ts"
import { isLive, replaceOrder } from "./ManagedPosition.ts"
import type { OrderRequest } from "./OrderRequest.ts"
import type { PositionEffect } from "./PositionEffect.ts"

/** A record with the commands its change requires. */
export interface Step {
  readonly record: ManagedPosition
  readonly effects: ReadonlyArray<PositionEffect>
  readonly deferred?: true
}

export const step = (record: ManagedPosition, effects: ReadonlyArray<PositionEffect> = []): Step => ({
  record,
  effects
})

/** Runs `next` on the record of `first` and concatenates the effects. */
export const andThen = (first: Step, next: (record: ManagedPosition) => Step): Step => {
  const second = next(first.record)
  return step(second.record, [...first.effects, ...second.effects])
}

const ROLE_SHAPE: Record<OrderRole, { readonly type: OrderType; readonly reduceOnly: boolean }> = {
  entry: { type: "market", reduceOnly: false },
  stop: { type: "stop", reduceOnly: true },
  tp1: { type: "limit", reduceOnly: true },
  tp2: { type: "limit", reduceOnly: true },
  exit: { type: "market", reduceOnly: true }
}

/** Tracks a new order of `role` under the next client order id and emits its placement. */
export const placeOrder = (
  p: ManagedPosition,
  role: OrderRole,
  purpose: OrderPurpose,
  quantity: Decimal,
  price: Decimal | undefined,
  rules: MachineRules
): Step => {
  const shape = ROLE_SHAPE[role]
  const clientOrderId = clientOrderIdFor(p.positionId, purpose, p.nextSeq)
  const request: OrderRequest = {
    clientOrderId,
    positionId: p.positionId,
    purpose,
    seq: p.nextSeq,
    symbol: p.futuresSymbol,
    side: role === "entry" ? entryOrderSide(p.side) : exitOrderSide(p.side),
    type: shape.type,
    quantity,
    ...(shape.type === "limit" && price !== undefined ? { limitPrice: price } : {}),
    ...(shape.type === "stop" && price !== undefined
      ? { triggerPrice: price, triggerReference: rules.stopTrigger }
      : {}),
    reduceOnly: shape.reduceOnly
  }
  const order: TrackedOrder = {
    role,
    clientOrderId,
    quantity,
    ...(price === undefined ? {} : { price }),
    status: "requested",
    filled: ZERO
  }
  return step({ ...p, nextSeq: p.nextSeq + 1, orders: [...p.orders, order] }, [{ _tag: "PlaceOrder", request }])
}

/** Asks the venue to cancel a live order (by client id, so an order not yet acknowledged is covered too). */
export const cancelOrder = (p: ManagedPosition, order: TrackedOrder): Step =>
  order.status === "requested" || order.status === "working"
    ? step(replaceOrder(p, { ...order, status: "cancelling" }), [
        { _tag: "CancelOrder", positionId: p.positionId, clientOrderId: order.clientOrderId, orderId: order.orderId }
      ])
    : step(p)

/** Cancels every live order of the position except `keep`. */
export const cancelLiveOrders = (p: ManagedPosition, keep: (order: TrackedOrder) => boolean = () => false): Step =>
  p.orders
    .filter((o) => isLive(o) && !keep(o))
    .reduce((acc, order) => andThen(acc, (r) => cancelOrder(r, order)), step(p))

/** A step that cannot be applied yet (fills are missing): the event is not recorded, so it can be re-delivered. */
export const deferred = (p: ManagedPosition, effects: ReadonlyArray<PositionEffect>): Step => ({
  record: p,
  effects,
  deferred: true
})
