import type { Decimal } from "../../../domain/Money.ts"
import { invalidArguments, UwsError } from "../../kraken/wire/Errors.ts"
import type { Triggers, OrderType as WireOrderType } from "../../kraken/wire/trading/OrderFields.ts"
import type { RejectReason } from "../SimEvent.ts"
import type { OrderRequest, SimOrder } from "../SimOrder.ts"

/** The UWS order fields of one order (add_order params or one batch_add leg). */
export interface WireOrder {
  readonly order_type: WireOrderType
  readonly side: "buy" | "sell"
  readonly order_qty: Decimal
  readonly limit_price?: Decimal | undefined
  readonly triggers?: Triggers | undefined
  readonly time_in_force?: "gtc" | "ioc" | "gtd" | undefined
  readonly post_only?: boolean | undefined
  readonly reduce_only?: boolean | undefined
  readonly cl_ord_id?: string | undefined
}

const ENGINE_TYPE = {
  limit: "limit",
  market: "market",
  "stop-loss": "stop",
  "stop-loss-limit": "stop",
  "take-profit": "take_profit",
  "take-profit-limit": "take_profit",
  "trailing-stop": "trailing_stop"
} as const

/** A UWS order as an engine request; a string is the UWS error for shapes the venue does not take. */
export const toOrderRequest = (symbol: string, order: WireOrder): OrderRequest | string => {
  if (order.order_type === "trailing-stop-limit") return UwsError.invalidOrder
  if (order.time_in_force === "gtd") return invalidArguments("time_in_force gtd is not available for derivatives")
  const type = ENGINE_TYPE[order.order_type]
  const trigger = order.triggers
  const trailing = type === "trailing_stop"
  if (trailing && (trigger === undefined || trigger.price_type === "static")) {
    return invalidArguments("trailing-stop needs triggers.price with price_type pct or quote")
  }
  if (!trailing && trigger?.price_type !== undefined && trigger.price_type !== "static") {
    return invalidArguments("only static trigger prices are supported")
  }
  return {
    symbol,
    side: order.side,
    type,
    size: order.order_qty,
    ...(order.limit_price !== undefined && { limitPrice: order.limit_price }),
    ...(trigger !== undefined && !trailing && { triggerPrice: trigger.price }),
    ...(trigger !== undefined &&
      trailing && {
        trailingOffset: {
          unit: trigger.price_type === "pct" ? ("percent" as const) : ("quote" as const),
          value: trigger.price
        }
      }),
    ...(trigger?.reference !== undefined && { triggerReference: trigger.reference }),
    ...(order.time_in_force !== undefined && { timeInForce: order.time_in_force }),
    ...(order.post_only !== undefined && { postOnly: order.post_only }),
    ...(order.reduce_only !== undefined && { reduceOnly: order.reduce_only }),
    ...(order.cl_ord_id !== undefined && { clientOrderId: order.cl_ord_id })
  }
}

/** The UWS type of an engine order (a stop or take-profit with a limit price is the `-limit` variant). */
export const wireOrderType = (order: SimOrder): WireOrderType => {
  switch (order.type) {
    case "stop":
      return order.limitPrice === null ? "stop-loss" : "stop-loss-limit"
    case "take_profit":
      return order.limitPrice === null ? "take-profit" : "take-profit-limit"
    case "trailing_stop":
      return "trailing-stop"
    default:
      return order.type
  }
}

/** The UWS error string of an engine refusal (kraken-unified-ws.md §5, Spot v2 strings). */
export const uwsError = (reason: RejectReason): string => {
  switch (reason) {
    case "insufficientAvailableFunds":
    case "wouldCauseLiquidation":
      return UwsError.insufficientMargin
    case "invalidPrice":
      return UwsError.invalidPrice
    case "postWouldExecute":
      return UwsError.postOnly
    case "wouldNotReducePosition":
      return UwsError.reduceOnlyPositionSize
    case "notFound":
    case "orderForEditNotFound":
      return UwsError.unknownOrder
    case "invalidSize":
      return invalidArguments("order_qty")
    case "marketUnavailable":
      return invalidArguments("symbol")
    case "clientOrderIdAlreadyExist":
      return invalidArguments("cl_ord_id already in use")
    default:
      return UwsError.invalidOrder
  }
}
