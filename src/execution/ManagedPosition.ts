import { Schema } from "effect"
import { type Decimal, NonNegativeDecimal, PositiveDecimal, ZERO } from "../domain/Money.ts"
import { ClientOrderId, ExchangeOrderId, type TriggerReference } from "../domain/Order.ts"
import { PositionId, PositionState } from "../domain/Position.ts"
import { Side } from "../domain/Side.ts"
import { FuturesSymbol, SpotSymbol } from "../domain/Symbols.ts"
import { EpochMillis } from "../domain/Time.ts"
import { ExitReason } from "../domain/Trade.ts"

/** What an order does for its position; also the purpose part of its client order id. */
export const OrderRole = Schema.Literal("entry", "stop", "tp1", "tp2", "exit")
export type OrderRole = typeof OrderRole.Type

/**
 * Our view of one order. `requested`: the machine asked for it (intent written, maybe not yet sent);
 * `working`: the venue acknowledged it; `cancelling`: a cancel was asked for; the rest are terminal.
 */
export const TrackedStatus = Schema.Literal("requested", "working", "cancelling", "filled", "cancelled", "rejected")
export type TrackedStatus = typeof TrackedStatus.Type

export const TrackedOrder = Schema.Struct({
  role: OrderRole,
  clientOrderId: ClientOrderId,
  orderId: Schema.optional(ExchangeOrderId),
  quantity: PositiveDecimal,
  /** Limit price (TP) or trigger price (stop); absent for market orders. */
  price: Schema.optional(PositiveDecimal),
  status: TrackedStatus,
  /** Σ of the fills seen for this order. */
  filled: NonNegativeDecimal
})
export type TrackedOrder = typeof TrackedOrder.Type

/** One execution applied to the position; synthetic fills come from reconciliation, not from the venue. */
export const PositionFill = Schema.Struct({
  fillId: Schema.NonEmptyTrimmedString,
  clientOrderId: Schema.optional(ClientOrderId),
  quantity: PositiveDecimal,
  price: PositiveDecimal,
  fee: NonNegativeDecimal,
  time: EpochMillis,
  synthetic: Schema.Boolean
})
export type PositionFill = typeof PositionFill.Type

/** Entry parameters fixed when the position is created (invariant C: never change afterwards). */
export const EntryPlan = Schema.Struct({
  quantity: PositiveDecimal,
  entryPrice: PositiveDecimal,
  initialStop: PositiveDecimal,
  tp1Price: Schema.optional(PositiveDecimal),
  tp2Price: Schema.optional(PositiveDecimal),
  finalTarget: Schema.optional(PositiveDecimal),
  /** Fractions of the filled entry closed by TP1 / TP2; the rest is the runner. */
  tp1Fraction: NonNegativeDecimal,
  tp2Fraction: NonNegativeDecimal,
  /** Contract step and venue minimum: TP sizes are rounded down to the step and skipped below the minimum. */
  sizeStep: PositiveDecimal,
  minSize: PositiveDecimal,
  regime: Schema.optional(Schema.String),
  setupType: Schema.optional(Schema.String)
})
export type EntryPlan = typeof EntryPlan.Type

/** The state machine's record of one position: everything needed to resume it after a restart. */
export const ManagedPosition = Schema.Struct({
  positionId: PositionId,
  symbol: SpotSymbol,
  futuresSymbol: FuturesSymbol,
  side: Side,
  state: PositionState,
  plan: EntryPlan,
  /** Price of the last stop the venue acknowledged (the plan's initial stop until then). */
  stopPrice: PositiveDecimal,
  /** Where the stop should be; differs from `stopPrice` while a move is in flight. */
  stopTarget: PositiveDecimal,
  orders: Schema.Array(TrackedOrder),
  entryFills: Schema.Array(PositionFill),
  exitFills: Schema.Array(PositionFill),
  /** Next attempt number for client order ids: every placement gets a fresh id (trading-core §6.2). */
  nextSeq: Schema.Int.pipe(Schema.nonNegative()),
  tp1Filled: Schema.Boolean,
  tp2Filled: Schema.Boolean,
  breakEvenTriggered: Schema.Boolean,
  trailingActive: Schema.Boolean,
  intentConfirmed: Schema.Boolean,
  /** A stop placement was rejected: no automatic retry until the protection service asks for one. */
  stopRetryBlocked: Schema.Boolean,
  /** Consecutive reconciliations that found no exchange position (hysteresis before ORPHANED). */
  missingChecks: Schema.Int.pipe(Schema.nonNegative()),
  exitReason: Schema.optional(ExitReason),
  /** How many exit orders the record already held when its current close began (earlier closes gave up). */
  exitOrdersBefore: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  openedAt: EpochMillis,
  updatedAt: EpochMillis,
  closedAt: Schema.optional(EpochMillis),
  /** Identities of the events that changed this record: applying one again is a no-op. */
  processedEventIds: Schema.Array(Schema.String)
})
export type ManagedPosition = typeof ManagedPosition.Type

/** Options of the machine that are policy, not state. */
export interface MachineRules {
  /** Quantities at or below this count as flat (the original's 0.0001). */
  readonly dustQuantity: Decimal
  /** Consecutive reconciliations without an exchange position before the record is ORPHANED. */
  readonly orphanAfterMisses: number
  /** Exit fills / initial size needed, with TP1 filled, before the stop moves to break-even (§5.7). */
  readonly breakEvenMinExitFraction: Decimal
  /** Price a stop watches. The Unified WebSocket offers only `last` and `index` (no `mark`). */
  readonly stopTrigger: TriggerReference
  /** Placements of one TP level that may end unfilled (rejected, cancelled) before the backfill gives it up. */
  readonly takeProfitMaxFailures: number
  /** A backfilled TP must lie at least this fraction of the mark beyond it (the original's 0.3 %, §6.7). */
  readonly takeProfitMinDistance: Decimal
}

export const sumQuantity = (fills: ReadonlyArray<PositionFill>): Decimal =>
  fills.reduce((total, fill) => total.plus(fill.quantity), ZERO)

export const entryQuantity = (p: ManagedPosition): Decimal => sumQuantity(p.entryFills)

/** Remaining = Σ entry fills − Σ exit fills (invariant B: never negative). */
export const remainingQuantity = (p: ManagedPosition): Decimal => entryQuantity(p).minus(sumQuantity(p.exitFills))

/** VWAP of entry fills, the planned entry before any fill. */
export const averageEntry = (p: ManagedPosition): Decimal => {
  const quantity = entryQuantity(p)
  if (quantity.isZero()) return p.plan.entryPrice
  return p.entryFills.reduce((total, f) => total.plus(f.quantity.times(f.price)), ZERO).div(quantity)
}

const LIVE: ReadonlySet<TrackedStatus> = new Set(["requested", "working", "cancelling"])

/** The order may still rest on (or reach) the venue. */
export const isLive = (order: TrackedOrder): boolean => LIVE.has(order.status)

export const ordersWithRole = (p: ManagedPosition, role: OrderRole): ReadonlyArray<TrackedOrder> =>
  p.orders.filter((o) => o.role === role)

/** Matches an exchange report to one of our orders, by client id first, then by venue id. */
export const findOrder = (
  p: ManagedPosition,
  clientOrderId: ClientOrderId | undefined,
  orderId: ExchangeOrderId | undefined
): TrackedOrder | undefined =>
  p.orders.find((o) => clientOrderId !== undefined && o.clientOrderId === clientOrderId) ??
  p.orders.find((o) => orderId !== undefined && o.orderId === orderId)

export const replaceOrder = (p: ManagedPosition, order: TrackedOrder): ManagedPosition => ({
  ...p,
  orders: p.orders.map((o) => (o.clientOrderId === order.clientOrderId ? order : o))
})

/** Stop moves toward profit: higher for a long, lower for a short. */
export const isBetterStop = (side: Side, candidate: Decimal, reference: Decimal): boolean =>
  side === "long" ? candidate.gt(reference) : candidate.lt(reference)
