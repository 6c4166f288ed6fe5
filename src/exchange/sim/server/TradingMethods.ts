import { UwsError } from "../../kraken/wire/Errors.ts"
import { type AddOrderParams, AddOrderResponse } from "../../kraken/wire/trading/AddOrder.ts"
import { type AmendOrderParams, AmendOrderResponse } from "../../kraken/wire/trading/AmendOrder.ts"
import { type BatchAddParams, BatchAddResponse } from "../../kraken/wire/trading/BatchAdd.ts"
import { CancelAllOrdersAfterResponse, CancelAllResponse } from "../../kraken/wire/trading/CancelAll.ts"
import { type CancelOrderParams, CancelOrderResponse } from "../../kraken/wire/trading/CancelOrder.ts"
import type { EngineState, StepResult } from "../EngineState.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import { amendOrder, cancelAllOrders, cancelAllOrdersAfter, cancelOrder, type OrderRef } from "../OrderEdit.ts"
import type { SimEvent } from "../SimEvent.ts"
import type { OrderRequest } from "../SimOrder.ts"
import type { SimVenue } from "../SimVenue.ts"
import { submitOrder } from "../SubmitOrder.ts"
import { encodeFrame } from "./Frames.ts"
import { toOrderRequest, uwsError } from "./OrderMapping.ts"
import { wireTime } from "./WireTime.ts"

type Outcome<A> = { readonly ok: A } | { readonly error: string }

const respond = (reqId: number | undefined) => ({ ...(reqId !== undefined && { req_id: reqId }) })

/** The accepted order of a submit step, or the UWS error of its refusal. */
const submitOutcome = (events: ReadonlyArray<SimEvent>): Outcome<{ order_id: string; cl_ord_id?: string }> => {
  for (const event of events) {
    if (event.type === "order_rejected") return { error: uwsError(event.reason) }
    if (event.type === "order_accepted") {
      const { orderId, clientOrderId } = event.order
      return { ok: { order_id: orderId, ...(clientOrderId !== null && { cl_ord_id: clientOrderId }) } }
    }
  }
  return { error: UwsError.invalidOrder }
}

/** Several submits as one step: the states chain, the events concatenate. */
const submitAll = (state: EngineState, requests: ReadonlyArray<OrderRequest>, time: number): StepResult =>
  requests.reduce<StepResult>(
    (acc, request) => {
      const next = submitOrder(acc.state, request, time)
      return { state: next.state, events: [...acc.events, ...next.events] }
    },
    { state, events: [] }
  )

export const addOrder = (venue: SimVenue, faults: FaultInjector, params: AddOrderParams, reqId?: number): string => {
  const base = { method: "add_order" as const, ...respond(reqId) }
  const fail = (error: string) => encodeFrame(AddOrderResponse, { ...base, success: false, error })
  const request = toOrderRequest(params.symbol, params)
  if (typeof request === "string") return fail(request)
  if (faults.strikes("orderReject")) return fail(UwsError.insufficientMargin)
  // validate: the step runs on a copy and is thrown away
  let frame = ""
  const answer = (result: StepResult) => {
    const outcome = submitOutcome(result.events)
    frame =
      "ok" in outcome
        ? encodeFrame(AddOrderResponse, { ...base, success: true, result: outcome.ok })
        : fail(outcome.error)
  }
  if (params.validate === true) answer(submitOrder(venue.state, request, venue.time))
  else venue.apply((state, time) => submitOrder(state, request, time), answer)
  return frame
}

export const batchAdd = (venue: SimVenue, faults: FaultInjector, params: BatchAddParams, reqId?: number): string => {
  const base = { method: "batch_add" as const, ...respond(reqId) }
  const fail = (error: string) => encodeFrame(BatchAddResponse, { ...base, success: false, error })
  const requests = params.orders.map((order) => toOrderRequest(params.symbol, order))
  const invalid = requests.find((r): r is string => typeof r === "string")
  if (invalid !== undefined) return fail(invalid)
  if (faults.strikes("orderReject")) return fail(UwsError.insufficientMargin)
  const valid = requests.filter((r): r is OrderRequest => typeof r !== "string")
  // A refused leg refuses the whole batch: legs are tried on a copy first
  const trial = submitAll(venue.state, valid, venue.time)
  const refused = trial.events.find((e) => e.type === "order_rejected")
  if (refused?.type === "order_rejected") return fail(uwsError(refused.reason))
  if (params.validate === true) return encodeFrame(BatchAddResponse, { ...base, success: true, result: [] })
  const result = venue.apply((state, time) => submitAll(state, valid, time))
  const legs = result.events.flatMap((e) =>
    e.type === "order_accepted"
      ? [{ order_id: e.order.orderId, ...(e.order.clientOrderId !== null && { cl_ord_id: e.order.clientOrderId }) }]
      : []
  )
  return encodeFrame(BatchAddResponse, { ...base, success: true, result: legs })
}

const refOf = (p: { readonly order_id?: string | undefined; readonly cl_ord_id?: string | undefined }): OrderRef =>
  p.order_id !== undefined ? { orderId: p.order_id } : { clientOrderId: p.cl_ord_id ?? "" }

export const amend = (venue: SimVenue, params: AmendOrderParams, reqId?: number): string => {
  const base = { method: "amend_order" as const, ...respond(reqId) }
  const ref = refOf(params)
  let frame = ""
  venue.apply(
    (state, time) =>
      amendOrder(
        state,
        ref,
        {
          ...(params.order_qty !== undefined && { size: params.order_qty }),
          ...(params.limit_price !== undefined && { limitPrice: params.limit_price }),
          ...(params.trigger_price !== undefined && { triggerPrice: params.trigger_price })
        },
        time
      ),
    ({ events }) => {
      const refused = events.find((e) => e.type === "amend_rejected")
      const amended = events.find((e) => e.type === "order_amended")
      frame =
        refused?.type === "amend_rejected" || amended?.type !== "order_amended"
          ? encodeFrame(AmendOrderResponse, {
              ...base,
              success: false,
              error: refused?.type === "amend_rejected" ? uwsError(refused.reason) : UwsError.unknownOrder
            })
          : encodeFrame(AmendOrderResponse, {
              ...base,
              success: true,
              result: {
                amend_id: "",
                order_id: amended.order.orderId,
                ...(params.cl_ord_id && { cl_ord_id: params.cl_ord_id })
              }
            })
    }
  )
  return frame
}

/** One response per named order, as Kraken answers a list (same req_id on each). */
export const cancel = (venue: SimVenue, params: CancelOrderParams, reqId?: number): ReadonlyArray<string> => {
  const refs: ReadonlyArray<OrderRef> = params.order_id
    ? params.order_id.map((orderId) => ({ orderId }))
    : (params.cl_ord_id ?? []).map((clientOrderId) => ({ clientOrderId }))
  return refs.map((ref) => {
    const base = { method: "cancel_order" as const, ...respond(reqId) }
    let frame = ""
    venue.apply(
      (state, time) => cancelOrder(state, ref, time),
      ({ events }) => {
        frame = events.some((e) => e.type === "cancel_rejected")
          ? encodeFrame(CancelOrderResponse, { ...base, success: false, error: UwsError.unknownOrder })
          : encodeFrame(CancelOrderResponse, {
              ...base,
              success: true,
              result: "orderId" in ref ? { order_id: ref.orderId } : { cl_ord_id: ref.clientOrderId }
            })
      }
    )
    return frame
  })
}

export const cancelAll = (venue: SimVenue, reqId?: number): string => {
  let count = 0
  venue.apply(
    (state, time) => cancelAllOrders(state, time),
    ({ events }) => {
      count = events.filter((e) => e.type === "order_cancelled").length
    }
  )
  return encodeFrame(CancelAllResponse, { method: "cancel_all", ...respond(reqId), success: true, result: { count } })
}

export const cancelAllAfter = (venue: SimVenue, timeoutS: number, reqId?: number): string => {
  const result = venue.apply((state, time) => cancelAllOrdersAfter(state, timeoutS * 1000, time))
  const now = result.state.time
  return encodeFrame(CancelAllOrdersAfterResponse, {
    method: "cancel_all_orders_after",
    ...respond(reqId),
    success: true,
    result: { currentTime: wireTime(now), triggerTime: wireTime(timeoutS > 0 ? now + timeoutS * 1000 : 0) }
  })
}
