import { Decimal } from "../../domain/Money.ts"
import { type Draft, type EngineState, nextId, type StepResult } from "./EngineState.ts"
import { addOrder } from "./Execution.ts"
import { crosses, referencePrice, trailingTrigger, workSymbol } from "./Matching.ts"
import type { PricePoint, RejectReason } from "./SimEvent.ts"
import { isOnGrid, type SimInstrument } from "./SimInstrument.ts"
import { type OrderRequest, type SimOrder, signOf } from "./SimOrder.ts"
import { lacksMargin, runStep } from "./Step.ts"

const ZERO = new Decimal(0)

export const validSize = (size: Decimal, instrument: SimInstrument): boolean =>
  size.gt(0) && isOnGrid(size, instrument.contractStep) && size.gte(instrument.minSize)

export const validPrice = (price: Decimal | undefined, instrument: SimInstrument): boolean =>
  price === undefined || (price.gt(0) && isOnGrid(price, instrument.tickSize))

/** Which fields each order type needs or forbids (trailing-stop-limit and IOC or post-only stops unsupported). */
const shapeIsValid = (request: OrderRequest): boolean => {
  const ioc = request.timeInForce === "ioc"
  switch (request.type) {
    case "market":
      return request.limitPrice === undefined && request.triggerPrice === undefined && !request.postOnly
    case "limit":
      return request.limitPrice !== undefined && request.triggerPrice === undefined && !(ioc && request.postOnly)
    case "stop":
    case "take_profit":
      return request.triggerPrice !== undefined && !ioc && !request.postOnly
    case "trailing_stop":
      return (
        request.trailingOffset?.value.gt(0) === true &&
        request.triggerPrice === undefined &&
        request.limitPrice === undefined &&
        !ioc &&
        !request.postOnly
      )
  }
}

const validate = (draft: Draft, request: OrderRequest): RejectReason | null => {
  const instrument = draft.instruments[request.symbol]
  if (!instrument || !draft.prices[request.symbol]) return "marketUnavailable"
  if (!shapeIsValid(request)) return "invalidArgument"
  if (!validSize(request.size, instrument)) return "invalidSize"
  if (!validPrice(request.limitPrice, instrument) || !validPrice(request.triggerPrice, instrument)) {
    return "invalidPrice"
  }
  const clientId = request.clientOrderId
  if (clientId !== undefined && draft.openOrders.some((order) => order.clientOrderId === clientId)) {
    return "clientOrderIdAlreadyExist"
  }
  return null
}

const newOrder = (
  request: OrderRequest,
  size: Decimal,
  point: PricePoint,
  instrument: SimInstrument,
  time: number
): SimOrder => {
  const triggerReference = request.triggerReference ?? "last"
  const offset = request.trailingOffset ?? null
  const extreme = offset === null ? null : referencePrice(point, triggerReference)
  return {
    orderId: "",
    clientOrderId: request.clientOrderId ?? null,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    size,
    filled: ZERO,
    cumCost: ZERO,
    limitPrice: request.limitPrice ?? null,
    triggerPrice:
      offset !== null && extreme !== null
        ? trailingTrigger(request.side, extreme, offset, instrument.tickSize)
        : (request.triggerPrice ?? null),
    triggerReference,
    trailingOffset: offset,
    trailingExtreme: extreme,
    triggered: false,
    timeInForce: request.type === "market" ? "ioc" : (request.timeInForce ?? "gtc"),
    postOnly: request.postOnly ?? false,
    reduceOnly: request.reduceOnly ?? false,
    status: "new",
    createdAt: time,
    updatedAt: time
  }
}

const accept = (draft: Draft, request: OrderRequest): RejectReason | null => {
  const invalid = validate(draft, request)
  if (invalid !== null) return invalid
  const instrument = draft.instruments[request.symbol]!
  const point = draft.prices[request.symbol]!
  let size = request.size
  let reducedSize: Decimal | null = null
  if (request.reduceOnly) {
    const held = draft.positions[request.symbol]?.size ?? ZERO
    if (held.isZero() || held.gt(0) === signOf(request.side) > 0) return "wouldNotReducePosition"
    if (size.gt(held.abs())) size = reducedSize = held.abs()
  }
  const candidate = newOrder(request, size, point, instrument, draft.time)
  if (request.type === "limit" && candidate.limitPrice !== null) {
    const takes = crosses(request.side, candidate.limitPrice, point.last)
    if (candidate.postOnly && takes) return "postWouldExecute"
    if (candidate.timeInForce === "ioc" && !takes) return "iocWouldNotExecute"
  }
  if (lacksMargin(draft, candidate)) return "insufficientAvailableFunds"
  const order: SimOrder = { ...candidate, orderId: nextId(draft, "order") }
  addOrder(draft, order)
  draft.events.push({ type: "order_accepted", time: draft.time, order, reducedSize })
  workSymbol(draft, order.symbol, new Set([order.orderId]))
  return null
}

/**
 * Submits an order at `time`. Rejections produce one `order_rejected` event and no order (and use no id);
 * an accepted order is worked at once: a market order or crossing limit fills, a trigger already reached fires.
 * Reduce-only orders are refused without an opposite position and clipped to its size (`reducedSize`).
 */
export const submitOrder = (state: EngineState, request: OrderRequest, time: number): StepResult =>
  runStep(state, time, (draft) => {
    const reason = accept(draft, request)
    if (reason !== null) draft.events.push({ type: "order_rejected", time: draft.time, reason, request })
  })
