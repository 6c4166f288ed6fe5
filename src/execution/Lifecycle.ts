import type { PositionState } from "../domain/Position.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExitReason } from "../domain/Trade.ts"
import type { ManagedPosition } from "./ManagedPosition.ts"
import { andThen, cancelLiveOrders, type Step, step } from "./Orders.ts"

/** The state of a filled position with no exit in flight: PARTIAL after any exit, PROTECTED after break-even. */
export const restingState = (p: ManagedPosition): PositionState =>
  p.exitFills.length > 0 ? "PARTIAL" : p.breakEvenTriggered ? "PROTECTED" : "OPEN"

/**
 * Ends the position: every live order is cancelled (stops included: nothing is left to protect) and a
 * CLOSED or ORPHANED position's trade is recorded once.
 */
export const closeout = (
  p: ManagedPosition,
  state: "CLOSED" | "ORPHANED" | "CANCELLED",
  reason: ExitReason | undefined,
  at: EpochMillis
): Step =>
  andThen(cancelLiveOrders(p), (r) => {
    const closed: ManagedPosition = {
      ...r,
      state,
      closedAt: at,
      ...(reason === undefined ? {} : { exitReason: reason })
    }
    return state === "CANCELLED" ? step(closed) : step(closed, [{ _tag: "RecordTrade", positionId: p.positionId }])
  })
