import { Option } from "effect"
import type { ClientOrderId, ExchangeOrderId } from "../domain/Order.ts"
import { isTerminalState, type PositionId } from "../domain/Position.ts"
import { symbolKey } from "../domain/Symbols.ts"
import type { ExchangeOrder } from "../exchange/Exchange.ts"
import { findOrder, isLive, type ManagedPosition, type OrderRole } from "./ManagedPosition.ts"

/**
 * `managed`: a live order of an active position; `stale`: ours, but its position is terminal or no longer wants
 * it; `orphan`: nobody's, on a symbol where the exchange holds no position; `foreign`: nobody's, beside a
 * position (placed by hand: takeover decides).
 */
export type OrderVerdict = "managed" | "stale" | "orphan" | "foreign"

export interface AuditedOrder {
  readonly order: ExchangeOrder
  readonly positionId: PositionId | undefined
  readonly role: OrderRole | undefined
  readonly verdict: OrderVerdict
}

/** An order an active position holds as working that the venue does not list. */
export interface LostOrder {
  readonly positionId: PositionId
  readonly clientOrderId: ClientOrderId
  readonly role: OrderRole
}

export interface OrderAudit {
  readonly orders: ReadonlyArray<AuditedOrder>
  readonly lost: ReadonlyArray<LostOrder>
}

export interface AuditInput {
  readonly openOrders: ReadonlyArray<ExchangeOrder>
  /** The registry's owner of each open order (by client id or venue id), where it knows one. */
  readonly owners: ReadonlyMap<ExchangeOrderId, PositionId>
  /** Every registry position the owners refer to (terminal ones included). */
  readonly positions: ReadonlyArray<ManagedPosition>
  /** Symbols (any form) where the exchange holds a position. */
  readonly heldSymbols: ReadonlyArray<string>
}

const verdictOf = (order: ExchangeOrder, owner: ManagedPosition | undefined, held: boolean): OrderVerdict => {
  if (owner === undefined) return held ? "foreign" : "orphan"
  const tracked = findOrder(owner, Option.getOrUndefined(order.clientOrderId), order.orderId)
  return !isTerminalState(owner.state) && tracked !== undefined && isLive(tracked) ? "managed" : "stale"
}

/** Every open order on the venue against the registry, and the registry's working orders the venue lacks. */
export const auditOrders = (input: AuditInput): OrderAudit => {
  const held = new Set(input.heldSymbols.map(symbolKey))
  const byId = new Map(input.positions.map((p) => [p.positionId, p] as const))
  const orders = input.openOrders.map((order): AuditedOrder => {
    const positionId = input.owners.get(order.orderId)
    const owner = positionId === undefined ? undefined : byId.get(positionId)
    const tracked = owner && findOrder(owner, Option.getOrUndefined(order.clientOrderId), order.orderId)
    return {
      order,
      positionId,
      role: tracked?.role,
      verdict: verdictOf(order, owner, held.has(symbolKey(order.symbol)))
    }
  })
  const listed = new Set(input.openOrders.flatMap((o) => [o.orderId as string, ...Option.toArray(o.clientOrderId)]))
  const lost = input.positions
    .filter((p) => !isTerminalState(p.state))
    .flatMap((p) =>
      p.orders
        .filter((o) => o.status === "working" && !listed.has(o.clientOrderId) && !(o.orderId && listed.has(o.orderId)))
        .map((o): LostOrder => ({ positionId: p.positionId, clientOrderId: o.clientOrderId, role: o.role }))
    )
  return { orders, lost }
}

/** Orders to cancel: stale ones, and orphans (never a foreign order beside a position, never a managed one). */
export const cancellable = (audit: OrderAudit): ReadonlyArray<AuditedOrder> =>
  audit.orders.filter((o) => o.verdict === "stale" || o.verdict === "orphan")
