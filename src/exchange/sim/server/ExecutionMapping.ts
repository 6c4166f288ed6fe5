import type { Execution } from "../../kraken/wire/channels/Executions.ts"
import type { SimEvent } from "../SimEvent.ts"
import { averagePrice, type SimOrder } from "../SimOrder.ts"
import { wireOrderType } from "./OrderMapping.ts"
import { wireTime } from "./WireTime.ts"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The full description of an order as a snapshot entry or a `new` update carries it. */
export const orderExecution = (order: SimOrder, execType: Execution["exec_type"], time: number): Execution => {
  const avg = averagePrice(order)
  const execution: Mutable<Execution> = {
    exec_type: execType,
    order_id: order.orderId,
    symbol: order.symbol,
    side: order.side,
    order_type: wireOrderType(order),
    order_qty: order.size,
    order_status: order.status,
    cum_qty: order.filled,
    cum_cost: order.cumCost,
    time_in_force: order.timeInForce,
    post_only: order.postOnly,
    reduce_only: order.reduceOnly,
    timestamp: wireTime(time)
  }
  if (order.clientOrderId !== null) execution.cl_ord_id = order.clientOrderId
  if (order.limitPrice !== null) execution.limit_price = order.limitPrice
  if (avg !== null) execution.avg_price = avg
  if (order.triggerPrice !== null) {
    execution.triggers = {
      reference: order.triggerReference === "index" ? "index" : "last",
      price: order.triggerPrice,
      price_type: "static",
      status: order.triggered ? "triggered" : "untriggered"
    }
  }
  return execution
}

/** The executions update for one engine event; None for events that are not order updates (or are refusals). */
export const eventExecution = (event: SimEvent): Execution | undefined => {
  switch (event.type) {
    case "order_accepted":
      return orderExecution(event.order, "new", event.time)
    case "order_amended":
      return orderExecution(event.order, "amended", event.time)
    case "order_triggered":
      return orderExecution(event.order, "status", event.time)
    case "order_cancelled":
      return { ...orderExecution(event.order, "canceled", event.time), reason: event.reason }
    case "order_filled": {
      const { fill } = event
      return {
        ...orderExecution(event.order, "trade", event.time),
        exec_id: fill.fillId,
        last_qty: fill.size,
        last_price: fill.price,
        cost: fill.size.mul(fill.price),
        liquidity_ind: fill.fillType === "maker" ? "m" : "t",
        fees: [{ asset: fill.feeCurrency, qty: fill.fee }],
        fee_usd_equiv: fill.fee
      }
    }
    default:
      return undefined
  }
}
