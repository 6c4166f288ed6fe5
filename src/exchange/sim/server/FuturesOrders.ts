import { Either, type Schema } from "effect"
import { decodeValue } from "../../kraken/wire/DecodeError.ts"
import {
  CancelAllOrdersAfterSuccess,
  CancelAllOrdersSuccess,
  CancelOrderSuccess
} from "../../kraken/wire/futures/Cancel.ts"
import { FuturesRestError } from "../../kraken/wire/futures/FuturesResponse.ts"
import {
  EditOrderSuccess,
  type EditStatusValue,
  SendOrderSuccess,
  type SendStatusValue
} from "../../kraken/wire/futures/OrderEntry.ts"
import {
  FuturesCancelAllOrdersAfterParams,
  FuturesCancelAllOrdersParams,
  FuturesCancelOrderParams,
  FuturesEditOrderParams,
  FuturesSendOrderParams
} from "../../kraken/wire/futures/OrderParams.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import { amendOrder, cancelAllOrders, cancelAllOrdersAfter, cancelOrder, type OrderRef } from "../OrderEdit.ts"
import type { RejectReason } from "../SimEvent.ts"
import type { OrderRequest } from "../SimOrder.ts"
import type { SimVenue } from "../SimVenue.ts"
import { submitOrder } from "../SubmitOrder.ts"
import { encodeFrame } from "./Frames.ts"
import { type HttpReply, json } from "./Http.ts"
import { wireTime } from "./WireTime.ts"

export const futuresError = (venue: SimVenue, error: string, status = 200): HttpReply =>
  json(status, JSON.stringify({ result: "error", serverTime: wireTime(venue.time), error }))

/** Form and query fields as one record, decoded by `schema`; a refusal is Kraken's `invalidArgument`. */
const decodeParams = <A, I>(schema: Schema.Schema<A, I>, params: URLSearchParams) =>
  decodeValue(schema, "derivatives params")(Object.fromEntries(params))

const SEND_TYPE = {
  lmt: { type: "limit" },
  post: { type: "limit", postOnly: true },
  ioc: { type: "limit", timeInForce: "ioc" },
  mkt: { type: "market" },
  stp: { type: "stop" },
  take_profit: { type: "take_profit" },
  trailing_stop: { type: "trailing_stop" }
} as const

export const toRequest = (p: typeof FuturesSendOrderParams.Type): OrderRequest | undefined => {
  if (p.orderType === "fok") return undefined
  const trailing = p.orderType === "trailing_stop"
  return {
    ...SEND_TYPE[p.orderType],
    symbol: p.symbol,
    side: p.side,
    size: p.size,
    ...(p.limitPrice !== undefined && { limitPrice: p.limitPrice }),
    ...(p.stopPrice !== undefined && !trailing && { triggerPrice: p.stopPrice }),
    ...(trailing &&
      p.trailingStopMaxDeviation !== undefined && {
        trailingOffset: {
          unit: p.trailingStopDeviationUnit === "PERCENT" ? ("percent" as const) : ("quote" as const),
          value: p.trailingStopMaxDeviation
        }
      }),
    ...(p.triggerSignal !== undefined && { triggerReference: p.triggerSignal }),
    ...(p.reduceOnly !== undefined && { reduceOnly: p.reduceOnly }),
    ...(p.cliOrdId !== undefined && { clientOrderId: p.cliOrdId })
  }
}

/** The v3 status of an engine refusal; `invalidArgument` has no status and becomes an error body. */
export const sendStatus = (reason: RejectReason): SendStatusValue | undefined =>
  reason === "invalidArgument"
    ? undefined
    : reason === "marketUnavailable"
      ? "marketSuspended"
      : reason === "orderForEditNotFound"
        ? "notFound"
        : reason

export const sendOrder = (venue: SimVenue, faults: FaultInjector, params: URLSearchParams): HttpReply => {
  const decoded = decodeParams(FuturesSendOrderParams, params)
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const request = toRequest(decoded.right)
  if (!request) return futuresError(venue, FuturesRestError.invalidArgument)
  const reply = (status: SendStatusValue, orderId?: string) =>
    json(
      200,
      encodeFrame(SendOrderSuccess, {
        result: "success",
        serverTime: wireTime(venue.time),
        sendStatus: {
          status,
          receivedTime: wireTime(venue.time),
          ...(orderId !== undefined && { order_id: orderId }),
          ...(decoded.right.cliOrdId !== undefined && { cliOrdId: decoded.right.cliOrdId })
        }
      })
    )
  if (faults.strikes("orderReject")) return reply("insufficientAvailableFunds")
  const { events } = venue.apply((state, time) => submitOrder(state, request, time))
  for (const event of events) {
    if (event.type === "order_accepted") return reply("placed", event.order.orderId)
    if (event.type === "order_rejected") {
      const status = sendStatus(event.reason)
      return status ? reply(status) : futuresError(venue, FuturesRestError.invalidArgument)
    }
  }
  return futuresError(venue, FuturesRestError.unknownError)
}

const refOf = (orderId: string | undefined, cliOrdId: string | undefined): OrderRef =>
  orderId !== undefined ? { orderId } : { clientOrderId: cliOrdId ?? "" }

const EDIT_STATUSES: ReadonlyArray<EditStatusValue> = [
  "invalidSize",
  "invalidPrice",
  "insufficientAvailableFunds",
  "postWouldExecute",
  "wouldNotReducePosition",
  "orderForEditNotFound"
]

export const editStatus = (reason: RejectReason | null): EditStatusValue =>
  reason === null ? "edited" : (EDIT_STATUSES.find((status) => status === reason) ?? "orderForEditNotFound")

export const editOrder = (venue: SimVenue, params: URLSearchParams): HttpReply => {
  const decoded = decodeParams(FuturesEditOrderParams, params)
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const p = decoded.right
  const ref = refOf(p.orderId, p.cliOrdId)
  const { events } = venue.apply((state, time) =>
    amendOrder(
      state,
      ref,
      {
        ...(p.size !== undefined && { size: p.size }),
        ...(p.limitPrice !== undefined && { limitPrice: p.limitPrice }),
        ...(p.stopPrice !== undefined && { triggerPrice: p.stopPrice })
      },
      time
    )
  )
  const refused = events.find((e) => e.type === "amend_rejected")
  const reason = refused?.type === "amend_rejected" ? refused.reason : null
  const status = editStatus(reason)
  return json(
    200,
    encodeFrame(EditOrderSuccess, {
      result: "success",
      serverTime: wireTime(venue.time),
      editStatus: {
        status,
        receivedTime: wireTime(venue.time),
        ...(p.orderId !== undefined && { orderId: p.orderId }),
        ...(p.cliOrdId !== undefined && { cliOrdId: p.cliOrdId })
      }
    })
  )
}

export const cancelOne = (venue: SimVenue, params: URLSearchParams): HttpReply => {
  const decoded = decodeParams(FuturesCancelOrderParams, params)
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const { order_id, cliOrdId } = decoded.right
  const { events } = venue.apply((state, time) => cancelOrder(state, refOf(order_id, cliOrdId), time))
  const cancelled = events.some((e) => e.type === "order_cancelled")
  return json(
    200,
    encodeFrame(CancelOrderSuccess, {
      result: "success",
      serverTime: wireTime(venue.time),
      cancelStatus: {
        status: cancelled ? "cancelled" : "notFound",
        receivedTime: wireTime(venue.time),
        ...(order_id !== undefined && { order_id }),
        ...(cliOrdId !== undefined && { cliOrdId })
      }
    })
  )
}

export const cancelEvery = (venue: SimVenue, params: URLSearchParams): HttpReply => {
  const decoded = decodeParams(FuturesCancelAllOrdersParams, params)
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const { symbol } = decoded.right
  const { events } = venue.apply((state, time) => cancelAllOrders(state, time, symbol))
  const cancelledOrders = events.flatMap((e) =>
    e.type === "order_cancelled" ? [{ order_id: e.order.orderId, cliOrdId: e.order.clientOrderId }] : []
  )
  return json(
    200,
    encodeFrame(CancelAllOrdersSuccess, {
      result: "success",
      serverTime: wireTime(venue.time),
      cancelStatus: {
        receivedTime: wireTime(venue.time),
        cancelOnly: symbol ?? "all",
        status: cancelledOrders.length > 0 ? "cancelled" : "noOrdersToCancel",
        cancelledOrders
      }
    })
  )
}

export const cancelAfter = (venue: SimVenue, params: URLSearchParams): HttpReply => {
  const decoded = decodeParams(FuturesCancelAllOrdersAfterParams, params)
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const timeoutS = decoded.right.timeout
  const { state } = venue.apply((s, time) => cancelAllOrdersAfter(s, timeoutS * 1000, time))
  return json(
    200,
    encodeFrame(CancelAllOrdersAfterSuccess, {
      result: "success",
      serverTime: wireTime(state.time),
      status: {
        currentTime: wireTime(state.time),
        triggerTime: state.cancelAllAt === null ? "0" : wireTime(state.cancelAllAt)
      }
    })
  )
}
