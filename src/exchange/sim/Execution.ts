import { Decimal } from "../../domain/Money.ts"
import { type Draft, nextId, toCash, writeTable } from "./EngineState.ts"
import { withOrderAdded, withOrderReplaced, withoutOrder } from "./OrderIndex.ts"
import { applyFill, flatPosition } from "./PositionMath.ts"
import type { CancelReason, Fill, FillType, LedgerEntry, LedgerKind, Position } from "./SimEvent.ts"
import { remaining, type SimOrder } from "./SimOrder.ts"

/** Bookings shared by every step: order bookkeeping, fills, ledger entries and their events. */

const ZERO = new Decimal(0)

/** Adds a newly working order at the end of the queue. */
export const addOrder = (draft: Draft, order: SimOrder): void => {
  draft.openOrders = withOrderAdded(draft.openOrders, order)
}

const replaceOrder = (draft: Draft, order: SimOrder): void => {
  draft.openOrders = withOrderReplaced(draft.openOrders, order)
}

const closeOrder = (draft: Draft, order: SimOrder): void => {
  draft.openOrders = withoutOrder(draft.openOrders, order)
  draft.newClosed.push(order)
}

/** Stores a new version of a working order: replaced while it works, moved to history once filled or cancelled. */
export const storeOrder = (draft: Draft, order: SimOrder): void => {
  if (order.status === "filled" || order.status === "canceled") closeOrder(draft, order)
  else replaceOrder(draft, order)
}

export const cancelWorkingOrder = (draft: Draft, order: SimOrder, reason: CancelReason): SimOrder => {
  const cancelled: SimOrder = { ...order, status: "canceled", updatedAt: draft.time }
  closeOrder(draft, cancelled)
  draft.events.push({ type: "order_cancelled", time: draft.time, order: cancelled, reason })
  return cancelled
}

const settlementBalance = (draft: Draft): Decimal => draft.balances[draft.config.settlementCurrency] ?? ZERO

interface Booking {
  readonly kind: LedgerKind
  readonly symbol: string
  readonly amount: Decimal
  readonly realizedPnl: Decimal
  readonly fee: Decimal
  readonly fillId: string | null
  readonly tradePrice: Decimal | null
  readonly fundingRate: Decimal | null
  readonly fundingInterval: number | null
  readonly before: Position
  readonly after: Position
}

/** Applies a USD balance change and records it as a ledger entry (and its event). */
export const bookLedger = (draft: Draft, booking: Booking): LedgerEntry => {
  const currency = draft.config.settlementCurrency
  const balanceAfter = settlementBalance(draft).plus(booking.amount)
  writeTable(draft, "balances")[currency] = balanceAfter
  const entry: LedgerEntry = {
    ledgerId: nextId(draft, "ledger"),
    kind: booking.kind,
    time: draft.time,
    symbol: booking.symbol,
    currency,
    amount: booking.amount,
    balanceAfter,
    realizedPnl: booking.realizedPnl,
    fee: booking.fee,
    fillId: booking.fillId,
    tradePrice: booking.tradePrice,
    markPrice: draft.prices[booking.symbol]?.mark ?? ZERO,
    fundingRate: booking.fundingRate,
    fundingInterval: booking.fundingInterval,
    oldSize: booking.before.size,
    newSize: booking.after.size,
    oldEntryPrice: booking.before.entryPrice,
    newEntryPrice: booking.after.entryPrice
  }
  draft.newLedger.push(entry)
  draft.events.push({ type: "ledger", time: draft.time, entry })
  return entry
}

export const storePosition = (draft: Draft, before: Position, after: Position): void => {
  const positions = writeTable(draft, "positions")
  if (after.size.isZero()) delete positions[after.symbol]
  else positions[after.symbol] = after
  if (!after.size.eq(before.size)) {
    draft.events.push({ type: "position_changed", time: draft.time, previousSize: before.size, position: after })
  }
}

/**
 * Executes `size` of `order` at `price`: fee on notional at the maker or taker rate (liquidations pay taker),
 * position netting, realised P&L and fee settled in USD, then the fill, position and ledger events.
 */
export const bookFill = (
  draft: Draft,
  order: SimOrder,
  size: Decimal,
  price: Decimal,
  fillType: FillType
): SimOrder => {
  const instrument = draft.instruments[order.symbol]
  const rate = fillType === "maker" ? instrument?.makerFeeRate : instrument?.takerFeeRate
  const fee = toCash(draft.config, size.mul(price).mul(rate ?? ZERO))
  const before = draft.positions[order.symbol] ?? flatPosition(order.symbol, draft.time)
  const change = applyFill(before, order.side, size, price, draft.time, draft.config.cashDecimals)
  const filled = order.filled.plus(size)
  const updated: SimOrder = {
    ...order,
    filled,
    cumCost: order.cumCost.plus(size.mul(price)),
    status: filled.gte(order.size) ? "filled" : "partially_filled",
    updatedAt: draft.time
  }
  const fill: Fill = {
    fillId: nextId(draft, "fill"),
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    size,
    price,
    fee,
    feeCurrency: draft.config.settlementCurrency,
    fillType,
    realizedPnl: change.realizedPnl,
    remainingOrderSize: remaining(updated),
    time: draft.time
  }
  draft.newFills.push(fill)
  storeOrder(draft, updated)
  draft.events.push({ type: "order_filled", time: draft.time, order: updated, fill })
  storePosition(draft, before, change.position)
  bookLedger(draft, {
    kind: fillType === "liquidation" ? "liquidation" : "trade",
    symbol: order.symbol,
    amount: change.realizedPnl.minus(fee),
    realizedPnl: change.realizedPnl,
    fee,
    fillId: fill.fillId,
    tradePrice: price,
    fundingRate: null,
    fundingInterval: null,
    before,
    after: change.position
  })
  return updated
}
