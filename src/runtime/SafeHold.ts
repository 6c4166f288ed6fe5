import { Effect } from "effect"
import { Exchange } from "../exchange/Exchange.ts"
import { Executor } from "../execution/Executor.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import { type KillSwitchState, ordersToCancel } from "../safety/KillSwitch.ts"

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

/**
 * The tick's answer to a latched kill switch: SAFE_HOLD, and when the switch asks for it (an emergency, or
 * `trading kill --flatten`) an exit of every registry position — reduce-only market closes through the executor,
 * so the registry follows them. A position already exiting refuses a second exit; that is logged, not retried.
 */
export const killSwitchHold = (killSwitch: Extract<KillSwitchState, { _tag: "Active" }>, flatten: boolean) =>
  Effect.gen(function* () {
    const hold = yield* safeHold
    yield* Effect.logWarning(
      `kill switch active (${killSwitch.reason}): SAFE_HOLD cancelled ${hold.cancelled} order(s), ` +
        `kept ${hold.stopsKept} stop(s); no analysis`
    )
    if (!flatten) return
    const executor = yield* Executor
    const active = yield* (yield* PositionRegistry).active
    yield* Effect.forEach(
      active,
      (position) =>
        executor
          .requestExit(position.positionId, "kill_switch")
          .pipe(
            Effect.catchAll((error) =>
              Effect.logWarning(`flatten: ${position.symbol} not closed this tick: ${error.message}`)
            )
          ),
      { discard: true }
    )
    yield* Effect.logWarning(`kill switch flatten: exit requested for ${active.length} position(s)`)
  })
