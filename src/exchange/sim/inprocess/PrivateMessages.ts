import type { ExecutionsMessage } from "../../kraken/wire/channels/Executions.ts"
import type { MarginMessage } from "../../kraken/wire/channels/Margin.ts"
import type { PositionsMessage } from "../../kraken/wire/channels/Positions.ts"
import type { EngineState } from "../EngineState.ts"
import type { SimEvent } from "../SimEvent.ts"
import { wireMargin, wirePosition, wirePositions } from "../server/AccountMapping.ts"
import { eventExecution, orderExecution } from "../server/ExecutionMapping.ts"
import { wireTime } from "../server/WireTime.ts"

/**
 * The private Unified WebSocket messages (executions, positions, margin) the simulator's server would send a
 * client subscribed to all three, as decoded values: the in-process layer feeds them to the Kraken adapter's own
 * feed reducer, so both paths map the venue to domain values with the same code.
 */
export type PrivateMessage = ExecutionsMessage | PositionsMessage | MarginMessage

const marginMessage = (state: EngineState): MarginMessage => ({
  channel: "margin",
  type: "multi_collateral",
  data: [wireMargin(state)],
  timestamp: wireTime(state.time)
})

const positionsMessage = (
  state: EngineState,
  type: "snapshot" | "update",
  futures: PositionsMessage["data"]["futures"]
): PositionsMessage => ({ channel: "positions", type, data: { futures, options: [] }, time: wireTime(state.time) })

/** What a fresh subscription receives: working orders, every position, the margin account. */
export const snapshotMessages = (state: EngineState): ReadonlyArray<PrivateMessage> => [
  {
    channel: "executions",
    type: "snapshot",
    data: state.openOrders.map((order) => orderExecution(order, "new", order.updatedAt))
  },
  positionsMessage(state, "snapshot", wirePositions(state)),
  marginMessage(state)
]

/** The updates one venue step produces, in the server's order: executions, positions, then margin. */
export const stepMessages = (events: ReadonlyArray<SimEvent>, state: EngineState): ReadonlyArray<PrivateMessage> => {
  const messages: Array<PrivateMessage> = []
  const executions = events.flatMap((event) => eventExecution(event) ?? [])
  if (executions.length > 0) messages.push({ channel: "executions", type: "update", data: executions })
  const moved = events.flatMap((e) => (e.type === "position_changed" ? [wirePosition(state, e.position)] : []))
  if (moved.length > 0) messages.push(positionsMessage(state, "update", moved))
  // Margin moves with bookings and reservations (accepted or cancelled orders), as the server sends it
  const booked = events.some((e) => e.type === "ledger" || e.type === "order_accepted" || e.type === "order_cancelled")
  if (booked || moved.length > 0) messages.push(marginMessage(state))
  return messages
}
