import type { Decimal } from "../../domain/Money.ts"
import type { Draft, EngineState, StepResult } from "./EngineState.ts"
import { cancelWorkingOrder, storeOrder } from "./Execution.ts"
import { crosses, trailingTrigger, workSymbol } from "./Matching.ts"
import type { RejectReason } from "./SimEvent.ts"
import { isTriggerType, type SimOrder, type TrailingOffset } from "./SimOrder.ts"
import { lacksMargin, runStep } from "./Step.ts"
import { validPrice, validSize } from "./SubmitOrder.ts"

/** An open order named by venue id or by client id (one of them). */
export type OrderRef = { readonly orderId: string } | { readonly clientOrderId: string }

export interface AmendRequest {
  /** New total quantity (UWS `order_qty`, REST `qtyMode: ABSOLUTE`); at or below the filled size ends the order. */
  readonly size?: Decimal
  readonly limitPrice?: Decimal
  readonly triggerPrice?: Decimal
  /** Trailing stops only: a new offset, applied from the best price seen so far. */
  readonly trailingOffset?: TrailingOffset
}

const refIds = (ref: OrderRef) => ({
  orderId: "orderId" in ref ? ref.orderId : null,
  clientOrderId: "clientOrderId" in ref ? ref.clientOrderId : null
})

const matches = (ref: OrderRef) => (order: SimOrder) =>
  "orderId" in ref ? order.orderId === ref.orderId : order.clientOrderId === ref.clientOrderId

const find = (draft: Draft, ref: OrderRef): SimOrder | undefined => draft.openOrders.find(matches(ref))

/**
 * The latest version of an order, open or closed (REST `orders/status`); a client id names the open order that
 * carries it, else the most recent closed one.
 */
export const findOrder = (state: EngineState, ref: OrderRef): SimOrder | undefined =>
  state.openOrders.find(matches(ref)) ?? state.closedOrders.findLast(matches(ref))

const amendReason = (draft: Draft, order: SimOrder, amend: AmendRequest): RejectReason | null => {
  const instrument = draft.instruments[order.symbol]
  const last = draft.prices[order.symbol]?.last
  if (!instrument || !last) return "marketUnavailable"
  if (amend.triggerPrice !== undefined && order.type === "trailing_stop") return "cannotEditTriggerPriceOfTrailingStop"
  if (amend.triggerPrice !== undefined && !isTriggerType(order.type)) return "invalidArgument"
  if (amend.limitPrice !== undefined && order.limitPrice === null) return "invalidArgument"
  if (amend.trailingOffset !== undefined && (order.type !== "trailing_stop" || !amend.trailingOffset.value.gt(0))) {
    return "invalidArgument"
  }
  if (amend.size !== undefined && !validSize(amend.size, instrument)) return "invalidSize"
  if (!validPrice(amend.limitPrice, instrument) || !validPrice(amend.triggerPrice, instrument)) return "invalidPrice"
  if (order.postOnly && amend.limitPrice !== undefined && crosses(order.side, amend.limitPrice, last)) {
    return "postWouldExecute"
  }
  return null
}

const amendInDraft = (draft: Draft, order: SimOrder, amend: AmendRequest): RejectReason | null => {
  const reason = amendReason(draft, order, amend)
  if (reason !== null) return reason
  const offset = amend.trailingOffset ?? order.trailingOffset
  const tick = draft.instruments[order.symbol]!.tickSize
  const amended: SimOrder = {
    ...order,
    size: amend.size ?? order.size,
    limitPrice: amend.limitPrice ?? order.limitPrice,
    triggerPrice:
      offset !== null && order.trailingExtreme !== null
        ? trailingTrigger(order.side, order.trailingExtreme, offset, tick)
        : (amend.triggerPrice ?? order.triggerPrice),
    trailingOffset: offset,
    updatedAt: draft.time
  }
  if (amended.size.gt(order.size) && lacksMargin(draft, amended)) return "insufficientAvailableFunds"
  draft.events.push({ type: "order_amended", time: draft.time, previous: order, order: amended })
  if (amended.size.lte(amended.filled)) {
    storeOrder(draft, amended)
    cancelWorkingOrder(draft, amended, "amendedBelowFilled")
    return null
  }
  storeOrder(draft, amended)
  // The amended order arrives again: a limit moved through the price takes, a trigger moved past it fires
  workSymbol(draft, order.symbol, new Set([order.orderId]))
  return null
}

/** Amends an open order's total size, limit price, trigger price or trailing offset, keeping ids and queue place. */
export const amendOrder = (state: EngineState, ref: OrderRef, amend: AmendRequest, time: number): StepResult =>
  runStep(state, time, (draft) => {
    const order = find(draft, ref)
    const reason = order ? amendInDraft(draft, order, amend) : "orderForEditNotFound"
    if (reason !== null) draft.events.push({ type: "amend_rejected", time: draft.time, ...refIds(ref), reason })
  })

export const cancelOrder = (state: EngineState, ref: OrderRef, time: number): StepResult =>
  runStep(state, time, (draft) => {
    const order = find(draft, ref)
    if (order) cancelWorkingOrder(draft, order, "user")
    else draft.events.push({ type: "cancel_rejected", time: draft.time, ...refIds(ref), reason: "notFound" })
  })

/**
 * Dead man's switch (UWS `cancel_all_orders_after`, REST `cancelallordersafter`): every order is cancelled once
 * the clock reaches `time + timeoutMs` unless a later call moves or disarms it; 0 disarms. It fires once.
 */
export const cancelAllOrdersAfter = (state: EngineState, timeoutMs: number, time: number): StepResult =>
  runStep(state, time, (draft) => {
    draft.cancelAllAt = timeoutMs > 0 ? draft.time + timeoutMs : null
  })

/** Cancels every working order (untriggered stops included), or only those of `symbol`. */
export const cancelAllOrders = (state: EngineState, time: number, symbol?: string): StepResult =>
  runStep(state, time, (draft) => {
    for (const order of draft.openOrders) {
      if (symbol === undefined || order.symbol === symbol) cancelWorkingOrder(draft, order, "cancelAll")
    }
  })
