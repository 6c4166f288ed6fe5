import { Decimal } from "../../domain/Money.ts"
import type { Position } from "./SimEvent.ts"
import { type Side, signOf } from "./SimOrder.ts"

const ZERO = new Decimal(0)

export const flatPosition = (symbol: string, time: number): Position => ({
  symbol,
  size: ZERO,
  entryPrice: ZERO,
  realizedPnl: ZERO,
  funding: ZERO,
  openedAt: time,
  updatedAt: time
})

export interface PositionChange {
  readonly position: Position
  readonly realizedPnl: Decimal
}

/**
 * Nets a fill into a one-way position. Adding keeps a size-weighted average entry; reducing realises
 * (price − entry) × closed size × direction and keeps the entry; crossing zero closes the old side in full and
 * opens the rest at the fill price (a fresh position: its realised P&L and funding start from zero). Realised
 * P&L is cash: rounded half-even to `cashDecimals`, so balances stay exact sums of their bookings.
 */
export const applyFill = (
  position: Position,
  side: Side,
  size: Decimal,
  price: Decimal,
  time: number,
  cashDecimals: number
): PositionChange => {
  const delta = size.mul(signOf(side))
  const held = position.size
  if (held.isZero() || held.gt(0) === delta.gt(0)) {
    const newSize = held.plus(delta)
    const entryPrice = held.abs().mul(position.entryPrice).plus(size.mul(price)).div(newSize.abs())
    const openedAt = held.isZero() ? time : position.openedAt
    return {
      position: { ...position, size: newSize, entryPrice, openedAt, updatedAt: time },
      realizedPnl: ZERO
    }
  }
  const closed = Decimal.min(size, held.abs())
  const realizedPnl = price
    .minus(position.entryPrice)
    .mul(closed)
    .mul(held.gt(0) ? 1 : -1)
    .toDecimalPlaces(cashDecimals, Decimal.ROUND_HALF_EVEN)
  const rest = size.minus(closed)
  if (rest.gt(0)) {
    return {
      position: { ...flatPosition(position.symbol, time), size: rest.mul(signOf(side)), entryPrice: price },
      realizedPnl
    }
  }
  const newSize = held.plus(delta)
  return {
    position: {
      ...position,
      size: newSize,
      entryPrice: newSize.isZero() ? ZERO : position.entryPrice,
      realizedPnl: position.realizedPnl.plus(realizedPnl),
      updatedAt: time
    },
    realizedPnl
  }
}

export const unrealizedPnl = (position: Position, mark: Decimal): Decimal =>
  mark.minus(position.entryPrice).mul(position.size)
