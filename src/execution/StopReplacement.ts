import type { EpochMillis } from "../domain/Time.ts"
import type { OrderIntent } from "./OrderIntent.ts"
import type { PositionEvent } from "./PositionEvent.ts"

/**
 * Atomic stop replacement (trading-core §6.4) is carried by the machine: invariant D is checked before the
 * target moves, the new stop is placed while the old one stays, and the old one is cancelled only when the
 * new one is acknowledged. What the machine cannot see is silence: a stop placement the venue never answers.
 * These are the placements to give up on: the shell cancels each (best effort, a notFound counts as done)
 * and applies `giveUpEvent`, so the old stop is kept and the protection service decides what comes next.
 * Should the venue acknowledge it after all, the machine adopts it when no other stop works, else cancels it.
 */
export const unacknowledgedStops = (
  intents: ReadonlyArray<OrderIntent>,
  now: EpochMillis,
  ackTimeoutMs: number
): ReadonlyArray<OrderIntent> =>
  intents.filter(
    (intent) =>
      (intent.request.purpose === "stop" || intent.request.purpose === "replace-stop") &&
      (intent.status === "sent" || intent.status === "unknown") &&
      now - intent.updatedAt > ackTimeoutMs
  )

export const giveUpEvent = (intent: OrderIntent, ackTimeoutMs: number, at: EpochMillis): PositionEvent => ({
  _tag: "OrderRejected",
  clientOrderId: intent.request.clientOrderId,
  reason: `no acknowledgement within ${ackTimeoutMs} ms`,
  at
})
