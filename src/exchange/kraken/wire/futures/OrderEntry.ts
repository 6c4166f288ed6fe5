import { Schema } from "effect"
import { FuturesSuccess } from "./FuturesResponse.ts"
import { OrderEvent } from "./OrderEvents.ts"

/** `sendStatus.status`: only `placed` (and the fill states) mean an order exists; the rest are rejections. */
export const SendStatusValue = Schema.Literal(
  "placed",
  "partiallyFilled",
  "filled",
  "cancelled",
  "edited",
  "marketSuspended",
  "marketInactive",
  "invalidPrice",
  "invalidSize",
  "tooManySmallOrders",
  "insufficientAvailableFunds",
  "wouldCauseLiquidation",
  "clientOrderIdAlreadyExist",
  "clientOrderIdTooBig",
  "maxPositionViolation",
  "outsidePriceCollar",
  "wouldIncreasePriceDislocation",
  "notFound",
  "orderForEditNotAStop",
  "orderForEditNotFound",
  "postWouldExecute",
  "iocWouldNotExecute",
  "selfFill",
  "wouldNotReducePosition",
  "marketIsPostOnly",
  "tooManyOrders",
  "fixedLeverageTooHigh",
  "clientOrderIdInvalid",
  "cannotEditTriggerPriceOfTrailingStop",
  "cannotEditLimitPriceOfTrailingStop",
  "wouldProcessAfterSpecifiedTime",
  "invalidOrderType",
  "invalidSide",
  "clientOrderIdTooLong"
)
export type SendStatusValue = typeof SendStatusValue.Type

export const EditStatusValue = Schema.Literal(
  "edited",
  "invalidSize",
  "invalidPrice",
  "insufficientAvailableFunds",
  "selfFill",
  "tooManySmallOrders",
  "outsidePriceCollar",
  "postWouldExecute",
  "wouldNotReducePosition",
  "orderForEditNotFound",
  "orderForEditNotAStop"
)
export type EditStatusValue = typeof EditStatusValue.Type

const OrderEvents = Schema.optional(Schema.Array(OrderEvent))

/** `POST /sendorder`: a rejection still comes back as `result: "success"` with a rejecting status. */
export const SendStatus = Schema.Struct({
  order_id: Schema.optional(Schema.String),
  status: SendStatusValue,
  receivedTime: Schema.String,
  cliOrdId: Schema.optional(Schema.String),
  orderEvents: OrderEvents
})
export const SendOrderSuccess = FuturesSuccess({ sendStatus: SendStatus })
export type SendOrderSuccess = typeof SendOrderSuccess.Type

/** `POST /editorder`. */
export const EditStatus = Schema.Struct({
  orderId: Schema.optional(Schema.String),
  cliOrdId: Schema.optional(Schema.NullOr(Schema.String)),
  receivedTime: Schema.String,
  status: EditStatusValue,
  orderEvents: OrderEvents
})
export const EditOrderSuccess = FuturesSuccess({ editStatus: EditStatus })
export type EditOrderSuccess = typeof EditOrderSuccess.Type

/** Per-instruction outcome of `POST /batchorder`: statuses of send, edit or cancel. */
export const BatchStatusItem = Schema.Struct({
  status: Schema.Union(
    SendStatusValue,
    EditStatusValue,
    Schema.Literal("cancelled", "filled", "notFound", "requiredArgumentMissing")
  ),
  order_tag: Schema.optional(Schema.String),
  order_id: Schema.optional(Schema.String),
  cliOrdId: Schema.optional(Schema.NullOr(Schema.String)),
  dateTimeReceived: Schema.optional(Schema.String),
  orderEvents: OrderEvents
})
export const BatchOrderSuccess = FuturesSuccess({ batchStatus: Schema.Array(BatchStatusItem) })
export type BatchOrderSuccess = typeof BatchOrderSuccess.Type
