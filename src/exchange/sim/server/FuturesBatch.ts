import { Either } from "effect"
import { decodeValue } from "../../kraken/wire/DecodeError.ts"
import { FuturesRestError } from "../../kraken/wire/futures/FuturesResponse.ts"
import { BatchOrderSuccess, type BatchStatusItem } from "../../kraken/wire/futures/OrderEntry.ts"
import { type BatchInstruction, FuturesBatchOrderParams } from "../../kraken/wire/futures/OrderParams.ts"
import type { EngineState, StepResult } from "../EngineState.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import { amendOrder, cancelOrder, type OrderRef } from "../OrderEdit.ts"
import type { SimVenue } from "../SimVenue.ts"
import { submitOrder } from "../SubmitOrder.ts"
import { encodeFrame } from "./Frames.ts"
import { editStatus, futuresError, sendStatus, toRequest } from "./FuturesOrders.ts"
import { type HttpReply, json } from "./Http.ts"
import { wireTime } from "./WireTime.ts"

type Item = typeof BatchStatusItem.Type

const refOf = (i: { readonly order_id?: string | undefined; readonly cliOrdId?: string | undefined }): OrderRef =>
  i.order_id !== undefined ? { orderId: i.order_id } : { clientOrderId: i.cliOrdId ?? "" }

/** One instruction as one engine step, and its batch status. */
const runInstruction = (
  state: EngineState,
  instruction: BatchInstruction,
  time: number,
  rejectAll: boolean
): { readonly result: StepResult; readonly item: Item } => {
  const unchanged = { state, events: [] }
  switch (instruction.order) {
    case "send": {
      const request = toRequest(instruction)
      const tag = { order_tag: instruction.order_tag, dateTimeReceived: wireTime(time) }
      if (!request || rejectAll) {
        return {
          result: unchanged,
          item: { ...tag, status: rejectAll ? "insufficientAvailableFunds" : "invalidOrderType" }
        }
      }
      const result = submitOrder(state, request, time)
      const accepted = result.events.find((e) => e.type === "order_accepted")
      const refused = result.events.find((e) => e.type === "order_rejected")
      const status =
        accepted?.type === "order_accepted"
          ? "placed"
          : refused?.type === "order_rejected"
            ? (sendStatus(refused.reason) ?? "requiredArgumentMissing")
            : "requiredArgumentMissing"
      return {
        result,
        item: {
          ...tag,
          status,
          ...(accepted?.type === "order_accepted" && { order_id: accepted.order.orderId }),
          ...(instruction.cliOrdId !== undefined && { cliOrdId: instruction.cliOrdId })
        }
      }
    }
    case "edit": {
      const result = amendOrder(
        state,
        refOf(instruction),
        {
          ...(instruction.size !== undefined && { size: instruction.size }),
          ...(instruction.limitPrice !== undefined && { limitPrice: instruction.limitPrice }),
          ...(instruction.stopPrice !== undefined && { triggerPrice: instruction.stopPrice })
        },
        time
      )
      const refused = result.events.find((e) => e.type === "amend_rejected")
      const status = editStatus(refused?.type === "amend_rejected" ? refused.reason : null)
      return { result, item: { status, ...(instruction.order_id !== undefined && { order_id: instruction.order_id }) } }
    }
    case "cancel": {
      const result = cancelOrder(state, refOf(instruction), time)
      const status = result.events.some((e) => e.type === "order_cancelled") ? "cancelled" : "notFound"
      return { result, item: { status, ...(instruction.order_id !== undefined && { order_id: instruction.order_id }) } }
    }
  }
}

/** `POST /batchorder`: instructions run in order, each with its own status (a refusal does not stop the rest). */
export const batchOrder = (venue: SimVenue, faults: FaultInjector, params: URLSearchParams): HttpReply => {
  const decoded = decodeValue(FuturesBatchOrderParams, "batchorder")(Object.fromEntries(params))
  if (Either.isLeft(decoded)) return futuresError(venue, FuturesRestError.invalidArgument)
  const rejectAll = faults.strikes("orderReject")
  const items: Array<Item> = []
  venue.apply((state, time) =>
    decoded.right.json.batchOrder.reduce<StepResult>(
      (acc, instruction) => {
        const { result, item } = runInstruction(acc.state, instruction, time, rejectAll)
        items.push(item)
        return { state: result.state, events: [...acc.events, ...result.events] }
      },
      { state, events: [] }
    )
  )
  return json(
    200,
    encodeFrame(BatchOrderSuccess, { result: "success", serverTime: wireTime(venue.time), batchStatus: items })
  )
}
