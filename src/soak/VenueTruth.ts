import type { Decimal } from "../domain/Money.ts"
import { ZERO } from "../domain/Money.ts"
import { symbolKey } from "../domain/Symbols.ts"
import type { EngineState } from "../exchange/sim/EngineState.ts"
import { remaining, type SimOrder } from "../exchange/sim/SimOrder.ts"
import { type ManagedPosition, remainingQuantity } from "../execution/ManagedPosition.ts"

/** How much of one venue position working reduce-only stops on the exit side would close. */
export interface StopCoverage {
  readonly symbol: string
  readonly size: Decimal
  readonly covered: Decimal
}

const STOP_TYPES: ReadonlySet<string> = new Set(["stop", "trailing_stop"])

/** A venue position, signed (long positive), from whichever view reads the venue. */
export interface SignedPosition {
  readonly symbol: string
  readonly size: Decimal
}

/** A working venue order, from whichever view reads the venue. */
export interface RestingOrder {
  readonly symbol: string
  readonly type: string
  readonly side: string
  readonly reduceOnly: boolean
  readonly status: string
  /** Quantity still to fill. */
  readonly remaining: Decimal
}

const closesPosition = (order: RestingOrder, symbol: string, long: boolean) =>
  order.symbol === symbol &&
  STOP_TYPES.has(order.type) &&
  order.reduceOnly &&
  order.side === (long ? "sell" : "buy") &&
  (order.status === "new" || order.status === "partially_filled")

/** Each held position with how much of it working reduce-only stops on its exit side would close. */
export const coverageOf = (
  positions: ReadonlyArray<SignedPosition>,
  orders: ReadonlyArray<RestingOrder>
): ReadonlyArray<StopCoverage> =>
  positions
    .filter((p) => !p.size.isZero())
    .map((p) => ({
      symbol: p.symbol,
      size: p.size.abs(),
      covered: orders
        .filter((o) => closesPosition(o, p.symbol, p.size.isPositive()))
        .reduce((total, o) => total.plus(o.remaining), ZERO)
    }))

const restingOf = (o: SimOrder): RestingOrder => ({ ...o, remaining: remaining(o) })

/** Every position the venue holds, read from its own state (not the adapter's view), with its stop coverage. */
export const stopCoverage = (state: EngineState): ReadonlyArray<StopCoverage> =>
  coverageOf(Object.values(state.positions), state.openOrders.map(restingOf))

/** Client order ids the venue accepted more than once over its whole life, with how often. */
export const duplicateClientOrderIds = (state: EngineState): ReadonlyArray<{ id: string; accepted: number }> => {
  const counts = new Map<string, number>()
  for (const event of state.orderEvents.toArray()) {
    if (event.type !== "order_accepted" || event.order.clientOrderId === null) continue
    counts.set(event.order.clientOrderId, (counts.get(event.order.clientOrderId) ?? 0) + 1)
  }
  return [...counts].filter(([, accepted]) => accepted > 1).map(([id, accepted]) => ({ id, accepted }))
}

/** How many orders the venue accepted over its whole life. */
export const acceptedOrders = (state: EngineState): number =>
  state.orderEvents.toArray().filter((e) => e.type === "order_accepted").length

/** One symbol where the registry's signed open quantity and the venue's differ. */
export interface PositionDifference {
  readonly symbol: string
  readonly registry: string
  readonly venue: string
}

/** Signed quantity per symbol key (long positive), zero entries left out. */
const netByKey = (entries: ReadonlyArray<{ symbol: string; signed: Decimal }>) => {
  const net = new Map<string, Decimal>()
  for (const e of entries) net.set(symbolKey(e.symbol), (net.get(symbolKey(e.symbol)) ?? ZERO).plus(e.signed))
  return net
}

/** Registry positions against the venue's, per symbol: every symbol whose net quantity differs. */
export const positionDifferences = (
  registry: ReadonlyArray<ManagedPosition>,
  state: EngineState
): ReadonlyArray<PositionDifference> => differencesFrom(registry, Object.values(state.positions))

/** `positionDifferences` against venue positions read by any view (the venue's state, the Kraken wire). */
export const differencesFrom = (
  registry: ReadonlyArray<ManagedPosition>,
  venue: ReadonlyArray<SignedPosition>
): ReadonlyArray<PositionDifference> => {
  const ours = netByKey(
    registry.map((p) => {
      const quantity = remainingQuantity(p)
      return { symbol: p.symbol, signed: p.side === "long" ? quantity : quantity.negated() }
    })
  )
  const theirs = netByKey(venue.map((p) => ({ symbol: p.symbol, signed: p.size })))
  return [...new Set([...ours.keys(), ...theirs.keys()])].flatMap((key) => {
    const a = ours.get(key) ?? ZERO
    const b = theirs.get(key) ?? ZERO
    return a.eq(b) ? [] : [{ symbol: key, registry: a.toString(), venue: b.toString() }]
  })
}
