import type { EngineState } from "../exchange/sim/EngineState.ts"
import type { ManagedPosition } from "../execution/ManagedPosition.ts"
import type { StopMove } from "./BacktestResult.ts"

/** Every order the venue accepted with a trigger price (stops), by client order id: when, and at what trigger. */
export const acceptedTriggers = (state: EngineState): ReadonlyMap<string, StopMove> => {
  const accepted = new Map<string, StopMove>()
  for (const event of state.orderEvents.toArray()) {
    if (event.type !== "order_accepted" || event.order.clientOrderId === null) continue
    if (event.order.triggerPrice !== null) {
      accepted.set(event.order.clientOrderId, { at: event.time, price: event.order.triggerPrice })
    }
  }
  return accepted
}

/**
 * The moves of a position's stop (break-even, trailing), oldest first: each of its stop orders the venue accepted
 * whose trigger differs from the stop working before it. The registry names the position's stop orders; the
 * venue says when each was accepted. A stop placed again at the same price (resized, re-placed) is no move, and a
 * refused one never worked.
 */
export const stopMovesOf = (
  position: ManagedPosition,
  accepted: ReadonlyMap<string, StopMove>
): ReadonlyArray<StopMove> => {
  const placed = position.orders
    .filter((o) => o.role === "stop")
    .flatMap((o) => {
      const stop = accepted.get(o.clientOrderId)
      return stop === undefined ? [] : [stop]
    })
    .sort((a, b) => a.at - b.at)
  const moves: Array<StopMove> = []
  let working = position.plan.initialStop
  for (const stop of placed) {
    if (stop.price.eq(working)) continue
    moves.push(stop)
    working = stop.price
  }
  return moves
}
