import { Decimal, ZERO } from "../domain/Money.ts"
import { Trade } from "../domain/Trade.ts"
import { averageEntry, entryQuantity, type ManagedPosition, type PositionFill, sumQuantity } from "./ManagedPosition.ts"

const HOUR_MS = 3_600_000

const vwap = (fills: ReadonlyArray<PositionFill>): Decimal => {
  const quantity = sumQuantity(fills)
  return quantity.isZero()
    ? ZERO
    : fills.reduce((total, f) => total.plus(f.quantity.times(f.price)), ZERO).div(quantity)
}

/** Take-profit orders rest on the book (maker); entries, stops, exits and synthetic fills take liquidity. */
const isMakerFill = (p: ManagedPosition, fill: PositionFill): boolean =>
  !fill.synthetic &&
  p.orders.some((o) => o.clientOrderId === fill.clientOrderId && (o.role === "tp1" || o.role === "tp2"))

export type TradeOutcome =
  | { readonly _tag: "Priced"; readonly trade: Trade }
  /** Nothing to record (an entry that never filled) or nothing honest to price (exit quantity unknown). */
  | { readonly _tag: "Unpriced"; readonly reason: string }

/**
 * The trade of a terminal position (trading-core §5.11), trade id = position id: entry and exit at their fill
 * VWAPs, fees as the venue charged them. An ORPHANED position whose exit fills do not cover the entry is not
 * priced: inventing an exit price would put a false P&L into the daily-loss and streak rules (§10 lesson 15).
 * Funding is not known to the position record and is booked by the funding ledger, not here.
 */
export const tradeOf = (p: ManagedPosition, leverage: Decimal): TradeOutcome => {
  const size = entryQuantity(p)
  if (size.isZero()) return { _tag: "Unpriced", reason: "the entry never filled" }
  const exited = sumQuantity(p.exitFills)
  if (exited.lt(size) || p.closedAt === undefined)
    return { _tag: "Unpriced", reason: `exit fills cover ${exited} of ${size}` }
  const entryPrice = averageEntry(p)
  const exitPrice = vwap(p.exitFills)
  const direction = p.side === "long" ? 1 : -1
  const grossPnl = exitPrice.minus(entryPrice).times(size).times(direction)
  const fills = [...p.entryFills, ...p.exitFills]
  const fees = fills.reduce((total, f) => total.plus(f.fee), ZERO)
  const makerFills = fills.filter((f) => isMakerFill(p, f)).length
  const enteredAt = Math.min(...p.entryFills.map((f) => f.time))
  const exitedAt = Math.max(p.closedAt, enteredAt)
  return {
    _tag: "Priced",
    trade: Trade.make({
      tradeId: p.positionId,
      symbol: p.symbol,
      side: p.side,
      entryPrice,
      exitPrice,
      size,
      sizeNotional: size.times(entryPrice),
      leverage: Decimal.max(leverage, new Decimal(1)),
      grossPnl,
      fees,
      funding: ZERO,
      netPnl: grossPnl.minus(fees),
      enteredAt,
      exitedAt,
      holdingPeriodHours: (exitedAt - enteredAt) / HOUR_MS,
      exitReason: p.exitReason ?? "reconciliation",
      makerFills,
      takerFills: fills.length - makerFills
    })
  }
}
