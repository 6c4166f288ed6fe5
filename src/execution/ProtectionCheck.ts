import { type Decimal, ZERO } from "../domain/Money.ts"
import type { ClientOrderId, ExchangeOrderId, OrderStatus, OrderType } from "../domain/Order.ts"
import { isTerminalState, type PositionId } from "../domain/Position.ts"
import { exitOrderSide, type OrderSide, type Side } from "../domain/Side.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { type ManagedPosition, ordersWithRole, remainingQuantity } from "./ManagedPosition.ts"

/** An open order as the venue lists it (a domain `Order` fits; orders placed by hand may lack a client id). */
export interface OpenOrderView {
  readonly orderId?: ExchangeOrderId | undefined
  readonly clientOrderId?: ClientOrderId | undefined
  readonly symbol: string
  readonly side: OrderSide
  readonly type: OrderType
  readonly reduceOnly: boolean
  readonly status: OrderStatus
  readonly quantity: Decimal
  readonly filledQuantity: Decimal
}

/** A position as the venue reports it. */
export interface ExchangePositionView {
  readonly symbol: string
  readonly side: Side
  readonly quantity: Decimal
}

/**
 * `protected`: working reduce-only stops cover the size; `pending`: our stop placement is in flight within the
 * grace; `under_covered` / `naked`: some / no coverage (repair now); `flat`: the venue holds nothing for the
 * position (reconciliation decides, not protection).
 */
export type ProtectionStatus = "protected" | "pending" | "under_covered" | "naked" | "flat"

export interface ProtectionFinding {
  readonly key: SymbolKey
  /** Undefined for an exchange position the registry does not manage (to adopt). */
  readonly positionId: PositionId | undefined
  readonly side: Side
  readonly status: ProtectionStatus
  readonly required: Decimal
  readonly covered: Decimal
  /** Working stops on the venue for the position that its record does not track: bind them, do not re-place. */
  readonly unboundStops: ReadonlyArray<ExchangeOrderId>
}

export interface ProtectionSnapshot {
  readonly positions: ReadonlyArray<ManagedPosition>
  readonly openOrders: ReadonlyArray<OpenOrderView>
  readonly exchangePositions: ReadonlyArray<ExchangePositionView>
  readonly now: EpochMillis
  /** How long a stop placement of ours may stay unacknowledged before the position counts as unprotected. */
  readonly graceMs: number
}

const ALIVE: ReadonlySet<OrderStatus> = new Set(["pending_new", "new", "partially_filled"])
const STOP_TYPES: ReadonlySet<OrderType> = new Set(["stop", "trailing_stop"])

/** A live reduce-only stop that closes a position of `side` (a take-profit never counts as protection). */
const protects = (order: OpenOrderView, key: SymbolKey, side: Side): boolean =>
  ALIVE.has(order.status) &&
  STOP_TYPES.has(order.type) &&
  order.reduceOnly &&
  order.side === exitOrderSide(side) &&
  symbolKey(order.symbol) === key

const coverage = (stops: ReadonlyArray<OpenOrderView>): Decimal =>
  stops.reduce((total, o) => total.plus(o.quantity.minus(o.filledQuantity)), ZERO)

const assess = (required: Decimal, covered: Decimal, inFlight: boolean): ProtectionStatus => {
  if (covered.gte(required)) return "protected"
  if (inFlight) return "pending"
  return covered.isZero() ? "naked" : "under_covered"
}

/**
 * Invariant K against a fresh exchange snapshot (trading-core §5.4, §8.5): for every managed position and
 * every exchange position nobody manages, whether working reduce-only stops on the exit side cover the size
 * the exchange holds. Symbols are compared by key only (§10 lesson 1). The caller passes a snapshot that
 * succeeded: a failed query is "unknown", never "flat".
 */
export const checkProtection = (snapshot: ProtectionSnapshot): ReadonlyArray<ProtectionFinding> => {
  const exchangeByKey = new Map(snapshot.exchangePositions.map((x) => [symbolKey(x.symbol), x] as const))
  const managedKeys = new Set<SymbolKey>()
  const findings: Array<ProtectionFinding> = []
  for (const p of snapshot.positions.filter((q) => !isTerminalState(q.state))) {
    const key = symbolKey(p.symbol)
    managedKeys.add(key)
    const held = exchangeByKey.get(key)
    const stops = snapshot.openOrders.filter((o) => protects(o, key, p.side))
    const known = new Set(ordersWithRole(p, "stop").map((o) => o.clientOrderId))
    const unboundStops = stops.flatMap((o) =>
      o.orderId !== undefined && (o.clientOrderId === undefined || !known.has(o.clientOrderId)) ? [o.orderId] : []
    )
    const inFlight =
      snapshot.now - p.updatedAt <= snapshot.graceMs && ordersWithRole(p, "stop").some((o) => o.status === "requested")
    const required = held === undefined || held.side !== p.side ? remainingQuantity(p) : held.quantity
    const covered = coverage(stops)
    const status = held === undefined || held.quantity.isZero() ? "flat" : assess(required, covered, inFlight)
    findings.push({ key, positionId: p.positionId, side: p.side, status, required, covered, unboundStops })
  }
  for (const [key, held] of exchangeByKey) {
    if (managedKeys.has(key) || held.quantity.isZero()) continue
    const stops = snapshot.openOrders.filter((o) => protects(o, key, held.side))
    const covered = coverage(stops)
    findings.push({
      key,
      positionId: undefined,
      side: held.side,
      status: assess(held.quantity, covered, false),
      required: held.quantity,
      covered,
      unboundStops: stops.flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]))
    })
  }
  return findings.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** Findings the protection service must repair now (place, then flatten, then halt). */
export const needsRepair = (finding: ProtectionFinding): boolean =>
  finding.status === "naked" || finding.status === "under_covered"
