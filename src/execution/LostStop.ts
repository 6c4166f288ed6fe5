import { Option } from "effect"
import { type Decimal, ZERO } from "../domain/Money.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeOrder } from "../exchange/Exchange.ts"
import type { MachineRules, TrackedOrder } from "./ManagedPosition.ts"
import type { PositionEvent } from "./PositionEvent.ts"
import { orderUpdateEvent } from "./VenueMapping.ts"

/**
 * What became of a working stop the venue no longer lists. `Settle`: the event that tells the position (the
 * venue's own final word: filled with its cumulative quantity, whose unseen fills the machine replays first,
 * or cancelled; a stop it knows nothing of and whose quantity it still holds is lost and counts as cancelled).
 * `Executed`: the venue knows nothing of the order and no longer holds the position, so the stop most likely
 * triggered; placing another stop would protect a ghost, so the position is left to reconciliation.
 */
export type LostStopOutcome = { readonly _tag: "Settle"; readonly event: PositionEvent } | { readonly _tag: "Executed" }

/**
 * Decides from the venue's lookup of the stop by client id and, when it has no answer, from the quantity the
 * venue holds for the position now (undefined = none): never "cancelled" for a stop that may have filled.
 */
export const lostStopOutcome = (
  stop: TrackedOrder,
  venueOrder: Option.Option<ExchangeOrder>,
  venueHeld: Decimal | undefined,
  rules: MachineRules,
  at: EpochMillis
): LostStopOutcome => {
  const update = Option.flatMap(venueOrder, (o) => Option.fromNullable(orderUpdateEvent(o, at)))
  if (Option.isSome(update)) return { _tag: "Settle", event: update.value }
  if ((venueHeld ?? ZERO).lte(rules.dustQuantity)) return { _tag: "Executed" }
  return {
    _tag: "Settle",
    event: {
      _tag: "OrderClosed",
      clientOrderId: stop.clientOrderId,
      ...(stop.orderId === undefined ? {} : { orderId: stop.orderId }),
      status: "cancelled",
      filledQuantity: stop.filled,
      at
    }
  }
}
