import { Decimal } from "../../domain/Money.ts"
import type { Draft } from "./EngineState.ts"
import { bookFill, cancelWorkingOrder, storeOrder } from "./Execution.ts"
import { ordersOfSymbol } from "./OrderIndex.ts"
import type { PricePoint } from "./SimEvent.ts"
import { ceilToStep, floorToStep, type SimInstrument } from "./SimInstrument.ts"
import {
  isTriggerType,
  remaining,
  type SimOrder,
  signOf,
  type TrailingOffset,
  type TriggerReference
} from "./SimOrder.ts"

/**
 * There is no order book: orders execute against the symbol's last price. Market executions (market orders and
 * triggered orders without a limit) take at the last price, so a gap through a stop fills at the gap price. A
 * limit that crosses when it arrives (accepted, triggered or amended in this step) takes at the last price; a
 * resting limit the price reaches later is made at its limit price.
 */

export const referencePrice = (point: PricePoint, reference: TriggerReference): Decimal => point[reference]

/** A limit price the last price has reached: buy at or above last, sell at or below. */
export const crosses = (side: SimOrder["side"], limit: Decimal, last: Decimal): boolean =>
  side === "buy" ? last.lte(limit) : last.gte(limit)

const isMarketExecution = (order: SimOrder): boolean =>
  order.type === "market" || (isTriggerType(order.type) && order.limitPrice === null)

const isExecutable = (order: SimOrder, last: Decimal): boolean => {
  if (isTriggerType(order.type) && !order.triggered) return false
  if (isMarketExecution(order)) return true
  return order.limitPrice !== null && crosses(order.side, order.limitPrice, last)
}

/** Stops trigger when the reference reaches the trigger against the position (sell: at or below); TPs in favour. */
export const triggerReached = (order: SimOrder, reference: Decimal): boolean => {
  if (order.triggerPrice === null) return false
  const below = order.type === "take_profit" ? order.side === "buy" : order.side === "sell"
  return below ? reference.lte(order.triggerPrice) : reference.gte(order.triggerPrice)
}

/**
 * A trailing stop's trigger: the best reference seen minus the offset (sell) or plus it (buy), rounded to the
 * tick away from the price so the distance is never less than asked.
 */
export const trailingTrigger = (
  side: SimOrder["side"],
  extreme: Decimal,
  offset: TrailingOffset,
  tick: Decimal
): Decimal => {
  const distance = offset.unit === "quote" ? offset.value : extreme.mul(offset.value).div(100)
  return side === "sell" ? floorToStep(extreme.minus(distance), tick) : ceilToStep(extreme.plus(distance), tick)
}

const trail = (order: SimOrder, reference: Decimal, instrument: SimInstrument, time: number): SimOrder => {
  if (order.trailingOffset === null || order.trailingExtreme === null) return order
  const better = order.side === "sell" ? reference.gt(order.trailingExtreme) : reference.lt(order.trailingExtreme)
  if (!better) return order
  const triggerPrice = trailingTrigger(order.side, reference, order.trailingOffset, instrument.tickSize)
  return { ...order, trailingExtreme: reference, triggerPrice, updatedAt: time }
}

/** How much one price point may fill of `order` under the configured liquidity (at least one contract step). */
const allowance = (draft: Draft, order: SimOrder, step: Decimal): Decimal => {
  const { fillRatio, maxFillSize } = draft.config.liquidity
  let size = remaining(order)
  if (fillRatio !== null) size = Decimal.min(size, Decimal.max(step, floorToStep(order.size.mul(fillRatio), step)))
  if (maxFillSize !== null) size = Decimal.min(size, Decimal.max(step, floorToStep(maxFillSize, step)))
  return size
}

const match = (draft: Draft, order: SimOrder, instrument: SimInstrument, last: Decimal, arriving: boolean): void => {
  let size = allowance(draft, order, instrument.contractStep)
  let clipped = false
  if (order.reduceOnly) {
    const held = draft.positions[order.symbol]?.size ?? new Decimal(0)
    if (held.isZero() || held.gt(0) === signOf(order.side) > 0) {
      cancelWorkingOrder(draft, order, "wouldNotReducePosition")
      return
    }
    clipped = size.gte(held.abs())
    size = Decimal.min(size, held.abs())
  }
  const taking = arriving || isMarketExecution(order)
  const price = taking ? last : (order.limitPrice ?? last)
  const filled = bookFill(draft, order, size, price, taking ? "taker" : "maker")
  if (filled.status === "filled") return
  if (clipped) cancelWorkingOrder(draft, filled, "wouldNotReducePosition")
  else if (order.type === "market" || order.timeInForce === "ioc") cancelWorkingOrder(draft, filled, "ioc")
}

/**
 * Works the orders of one symbol at its current price, in acceptance order: trailing stops follow the price,
 * triggers fire, then every executable order fills once (one liquidity allowance per price point).
 * `only` restricts the pass to orders just accepted or amended, which must not consume another price point.
 */
export const workSymbol = (draft: Draft, symbol: string, only: ReadonlySet<string> | null): void => {
  const point = draft.prices[symbol]
  const instrument = draft.instruments[symbol]
  if (!point || !instrument) return
  const arriving = new Set(only ?? [])
  const ids = ordersOfSymbol(draft.openOrders, symbol)
    .filter((order) => only === null || only.has(order.orderId))
    .map((order) => order.orderId)
  // The latest version of an order (a trigger or a fill earlier in this pass may have replaced or closed it)
  const current = (id: string) => ordersOfSymbol(draft.openOrders, symbol).find((open) => open.orderId === id)
  for (const id of ids) {
    const order = current(id)
    if (!order || !isTriggerType(order.type) || order.triggered) continue
    const reference = referencePrice(point, order.triggerReference)
    const trailed = trail(order, reference, instrument, draft.time)
    if (!triggerReached(trailed, reference)) {
      if (trailed !== order) storeOrder(draft, trailed)
      continue
    }
    const triggered: SimOrder = { ...trailed, triggered: true, updatedAt: draft.time }
    storeOrder(draft, triggered)
    arriving.add(id)
    draft.events.push({ type: "order_triggered", time: draft.time, order: triggered, referencePrice: reference })
  }
  for (const id of ids) {
    const order = current(id)
    if (order && isExecutable(order, point.last)) match(draft, order, instrument, point.last, arriving.has(id))
  }
}
