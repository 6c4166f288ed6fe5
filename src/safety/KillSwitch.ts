import { Either, Schema } from "effect"
import type { OrderType } from "../domain/Order.ts"
import { EpochMillis } from "../domain/Time.ts"
import { KillReason } from "./SafetyLevel.ts"

const Inactive = Schema.TaggedStruct("Inactive", {})
const Active = Schema.TaggedStruct("Active", {
  reason: KillReason,
  activatedAt: EpochMillis,
  /** Close every position too (EMERGENCY, or `trading kill --flatten`). */
  flatten: Schema.Boolean,
  detail: Schema.String
})

/** The kill switch's persisted record (§8.4): latched until acknowledged. */
export const KillSwitchState = Schema.Union(Inactive, Active)
export type KillSwitchState = typeof KillSwitchState.Type

export const inactive: KillSwitchState = Inactive.make({})

/**
 * Latched activation: a second trigger keeps the first reason and time (the operator sees the root cause) but
 * may escalate to flattening.
 */
export const activate = (
  state: KillSwitchState,
  trigger: { readonly reason: KillReason; readonly at: EpochMillis; readonly flatten: boolean; readonly detail: string }
): KillSwitchState =>
  state._tag === "Active"
    ? { ...state, flatten: state.flatten || trigger.flatten }
    : Active.make({ reason: trigger.reason, activatedAt: trigger.at, flatten: trigger.flatten, detail: trigger.detail })

/** Only an explicit acknowledgement (operator `resume`, or auto-recovery) clears it. */
export const acknowledge = (_state: KillSwitchState): KillSwitchState => inactive

/**
 * A persisted record that cannot be read is an active switch (DATA_FAILURE): failing closed keeps a corrupt file
 * from silently re-enabling trading.
 */
export const decodeKillSwitch = (raw: unknown, now: EpochMillis): KillSwitchState =>
  Either.getOrElse(Schema.decodeUnknownEither(KillSwitchState)(raw), (error) =>
    Active.make({
      reason: "DATA_FAILURE",
      activatedAt: now,
      flatten: false,
      detail: `unreadable kill-switch record: ${error.message}`
    })
  )

/** A protective stop: a reduce-only stop or trailing stop. The kill switch never cancels one. */
export const isProtectiveStop = (order: { readonly type: OrderType; readonly reduceOnly: boolean }): boolean =>
  order.reduceOnly && (order.type === "stop" || order.type === "trailing_stop")

/** Orders the kill switch cancels: entries and take-profits, every open order except protective stops. */
export const ordersToCancel = <O extends { readonly type: OrderType; readonly reduceOnly: boolean }>(
  orders: ReadonlyArray<O>
): ReadonlyArray<O> => orders.filter((o) => !isProtectiveStop(o))

export interface KillSwitchParams {
  /** `safety.kill_switch.startup_flatten_window_seconds`. */
  readonly startup_flatten_window_seconds: number
}

/**
 * What a start does with the persisted switch (§8.4): inactive → run; active → SAFE_HOLD (cancel non-stop
 * orders, keep positions and stops, no ticks) unless a reconciliation failure or liquidation breach fired within
 * the flatten window, which flattens. An old emergency never flattens blindly on restart (§10 lesson 5).
 */
export const startupAction = (
  state: KillSwitchState,
  now: EpochMillis,
  params: KillSwitchParams
): "RUN" | "SAFE_HOLD" | "FLATTEN" => {
  if (state._tag === "Inactive") return "RUN"
  const urgent = state.reason === "RECONCILIATION_FAILURE" || state.reason === "LIQUIDATION_BREACH"
  return urgent && now - state.activatedAt < params.startup_flatten_window_seconds * 1000 ? "FLATTEN" : "SAFE_HOLD"
}
