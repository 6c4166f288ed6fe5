import type { SimOrder } from "./SimOrder.ts"

/**
 * The open order list and its grouping by symbol. The engine never changes a list in place: every change makes a
 * new list (through the functions below) and states share a list until then. The grouping of a list (each group
 * in acceptance order) is built once, and a list made by one change inherits its predecessor's grouping with only
 * the changed symbol's group replaced, so the other groups keep their identity and what is cached per group (the
 * margin figures) stays valid.
 */

type Grouping = ReadonlyMap<string, ReadonlyArray<SimOrder>>

const groupings = new WeakMap<ReadonlyArray<SimOrder>, Grouping>()

const NONE: ReadonlyArray<SimOrder> = []

const group = (orders: ReadonlyArray<SimOrder>): Grouping => {
  const grouped = new Map<string, Array<SimOrder>>()
  for (const order of orders) {
    const symbolOrders = grouped.get(order.symbol)
    if (symbolOrders === undefined) grouped.set(order.symbol, [order])
    else symbolOrders.push(order)
  }
  return grouped
}

const groupingOf = (orders: ReadonlyArray<SimOrder>): Grouping => {
  let grouped = groupings.get(orders)
  if (grouped === undefined) {
    grouped = group(orders)
    groupings.set(orders, grouped)
  }
  return grouped
}

export const ordersOfSymbol = (orders: ReadonlyArray<SimOrder>, symbol: string): ReadonlyArray<SimOrder> =>
  groupingOf(orders).get(symbol) ?? NONE

/** Gives `next` the grouping of `previous` with `symbol`'s group changed by `change`. */
const inherit = (
  previous: ReadonlyArray<SimOrder>,
  next: ReadonlyArray<SimOrder>,
  symbol: string,
  change: (group: ReadonlyArray<SimOrder>) => ReadonlyArray<SimOrder>
): ReadonlyArray<SimOrder> => {
  const inherited = new Map(groupingOf(previous))
  const changed = change(inherited.get(symbol) ?? NONE)
  if (changed.length === 0) inherited.delete(symbol)
  else inherited.set(symbol, changed)
  groupings.set(next, inherited)
  return next
}

export const withOrderAdded = (orders: ReadonlyArray<SimOrder>, order: SimOrder): ReadonlyArray<SimOrder> =>
  inherit(orders, [...orders, order], order.symbol, (group) => [...group, order])

/** The list with the order of the same id replaced by `order`, in place in the queue. */
export const withOrderReplaced = (orders: ReadonlyArray<SimOrder>, order: SimOrder): ReadonlyArray<SimOrder> => {
  const replace = (list: ReadonlyArray<SimOrder>) => list.map((open) => (open.orderId === order.orderId ? order : open))
  return inherit(orders, replace(orders), order.symbol, replace)
}

export const withoutOrder = (orders: ReadonlyArray<SimOrder>, order: SimOrder): ReadonlyArray<SimOrder> => {
  const remove = (list: ReadonlyArray<SimOrder>) => list.filter((open) => open.orderId !== order.orderId)
  return inherit(orders, remove(orders), order.symbol, remove)
}
