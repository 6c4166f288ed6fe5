import { Effect } from "effect"
import { Exchange } from "../exchange/Exchange.ts"
import { ordersToCancel } from "../safety/KillSwitch.ts"

export interface SafeHoldReport {
  readonly cancelled: number
  /** Protective stops left working. */
  readonly stopsKept: number
}

/**
 * SAFE_HOLD (spec runtime-and-ops §2 step 0, trading-core §8.4): while the kill switch is latched, cancel every
 * working order except protective stops — entries and take-profits — so nothing new fills, and every position
 * keeps its stop. An order already gone is not an error.
 */
export const safeHold = Effect.gen(function* () {
  const exchange = yield* Exchange
  const open = yield* exchange.openOrders
  const doomed = ordersToCancel(open)
  yield* Effect.forEach(
    doomed,
    (order) =>
      exchange.cancelOrder({ orderId: order.orderId }).pipe(Effect.catchTag("OrderNotFound", () => Effect.void)),
    { discard: true }
  )
  return { cancelled: doomed.length, stopsKept: open.length - doomed.length } satisfies SafeHoldReport
})
