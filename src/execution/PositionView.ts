import { type Decimal, ZERO } from "../domain/Money.ts"
import { Position } from "../domain/Position.ts"
import {
  averageEntry,
  type ManagedPosition,
  type OrderRole,
  ordersWithRole,
  remainingQuantity,
  type TrackedOrder
} from "./ManagedPosition.ts"

/** The latest order of a role: a replaced stop or a re-placed order keeps its predecessors in the record. */
const latest = (record: ManagedPosition, role: OrderRole): TrackedOrder | undefined =>
  ordersWithRole(record, role).at(-1)

/** The stop that protects now: the newest the venue acknowledged, else the newest asked for. */
const currentStop = (record: ManagedPosition): TrackedOrder | undefined =>
  ordersWithRole(record, "stop")
    .filter((o) => o.status === "working")
    .at(-1) ?? latest(record, "stop")

/** Invariant K as the record knows it: one acknowledged stop covers the whole remaining quantity. */
const protection = (record: ManagedPosition, remaining: Decimal): { isProtected: boolean; reason: string } => {
  if (remaining.isZero()) return { isProtected: false, reason: "no quantity held" }
  const working = ordersWithRole(record, "stop").filter((o) => o.status === "working")
  if (working.some((o) => o.quantity.minus(o.filled).gte(remaining)))
    return { isProtected: true, reason: "stop order working for the full size" }
  if (ordersWithRole(record, "stop").some((o) => o.status === "requested"))
    return { isProtected: false, reason: "stop placement awaiting acknowledgement" }
  return { isProtected: false, reason: working.length > 0 ? "stop smaller than the position" : "no working stop" }
}

/** Spreads an optional field only when it has a value (the schema's optional fields reject `undefined`). */
const optional = <K extends string, A>(key: K, value: A | undefined): { [P in K]?: A } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: A }

/**
 * The operator's view of one registry record as the domain `Position` (the positions table row): size is the
 * remaining quantity, entry the fill VWAP, stop the last one the venue acknowledged, order ids those of the latest
 * order of each role. Unrealized P&L and notional use the mark when given (else P&L 0 and notional at entry).
 * Funding is reported as 0: the record does not know it; the funding ledger books it on the trade.
 */
export const positionViewOf = (record: ManagedPosition, mark: Decimal | undefined, leverage: Decimal): Position => {
  const size = remainingQuantity(record)
  const entryPrice = averageEntry(record)
  const direction = record.side === "long" ? 1 : -1
  const notional = size.times(mark ?? entryPrice)
  const { isProtected, reason } = protection(record, size)
  const entry = latest(record, "entry")
  const stop = currentStop(record)
  return new Position({
    positionId: record.positionId,
    symbol: record.symbol,
    futuresSymbol: record.futuresSymbol,
    side: record.side,
    state: record.state,
    size,
    originalSize: record.plan.quantity,
    sizeNotional: notional,
    entryPrice,
    ...optional("currentMarkPrice", mark),
    unrealizedPnl: mark === undefined ? ZERO : mark.minus(entryPrice).times(size).times(direction),
    leverage,
    marginUsed: notional.div(leverage),
    initialStopPrice: record.plan.initialStop,
    stopPrice: record.stopPrice,
    ...optional("tp1Price", record.plan.tp1Price),
    ...optional("tp2Price", record.plan.tp2Price),
    ...optional("finalTargetPrice", record.plan.finalTarget),
    ...optional("entryOrderId", entry?.orderId),
    ...optional("entryClientOrderId", entry?.clientOrderId),
    ...optional("stopOrderId", stop?.orderId),
    ...optional("stopClientOrderId", stop?.clientOrderId),
    ...optional("tp1OrderId", latest(record, "tp1")?.orderId),
    ...optional("tp2OrderId", latest(record, "tp2")?.orderId),
    fundingAccrued: ZERO,
    tp1Filled: record.tp1Filled,
    tp2Filled: record.tp2Filled,
    breakEvenTriggered: record.breakEvenTriggered,
    trailingActive: record.trailingActive,
    isProtected,
    protectionReason: reason,
    ...optional("setupType", record.plan.setupType),
    ...optional("regime", record.plan.regime),
    ...optional("exitReason", record.exitReason),
    openedAt: record.openedAt,
    updatedAt: record.updatedAt,
    ...optional("closedAt", record.closedAt)
  })
}
