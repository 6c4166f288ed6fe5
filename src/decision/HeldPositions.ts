import { type Decimal, ZERO } from "../domain/Money.ts"
import type { PositionId } from "../domain/Position.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { averageEntry, type ManagedPosition, ordersWithRole, remainingQuantity } from "../execution/ManagedPosition.ts"
import type { AuctionPosition } from "../portfolio/AuctionTypes.ts"
import { clusterOf, pnlInR } from "../portfolio/Valuation.ts"

/** A registry position as the auction and the risk manager see it. */
export interface HeldPosition extends AuctionPosition {
  readonly positionId: PositionId
  readonly record: ManagedPosition
  /** |quantity × (mark, else average entry)|; a pending entry counts at its planned quantity. */
  readonly notional: Decimal
}

// Only a filled, protected position in a settled state may be closed by the auction; anything in flight
// (pending entry, exit or cancel under way) is left to the state machine.
const CLOSABLE_STATES: ReadonlySet<ManagedPosition["state"]> = new Set(["OPEN", "PROTECTED", "PARTIAL"])

const hasWorkingStop = (record: ManagedPosition): boolean =>
  ordersWithRole(record, "stop").some((o) => o.status === "working")

/**
 * The auction's view of one active registry position (§2.2, §2.3). `isProtected` is false — so the auction locks
 * the position — unless it is settled and a stop the venue acknowledged is working. The entry score is not in the
 * registry record: the caller supplies it (0 for imported positions, as the spec says).
 */
export const heldPosition = (
  record: ManagedPosition,
  options: { readonly mark: Decimal | undefined; readonly leverage: Decimal; readonly entryScore: number }
): HeldPosition => {
  const remaining = remainingQuantity(record)
  const entry = averageEntry(record)
  const quantity = remaining.gt(0) ? remaining : record.state === "PENDING" ? record.plan.quantity : remaining
  const notional = quantity.times(options.mark ?? entry).abs()
  const direction = record.side === "long" ? 1 : -1
  const unrealised = options.mark === undefined ? ZERO : options.mark.minus(entry).times(remaining).times(direction)
  const stopPct = record.plan.entryPrice.minus(record.plan.initialStop).abs().div(record.plan.entryPrice)
  return {
    positionId: record.positionId,
    record,
    key: symbolKey(record.symbol),
    side: record.side,
    cluster: clusterOf(record.plan.regime, record.plan.setupType),
    entryScore: options.entryScore,
    pnlR: pnlInR(unrealised, remaining.times(entry), stopPct),
    openedAt: record.openedAt,
    margin: notional.div(options.leverage),
    notional,
    isProtected: CLOSABLE_STATES.has(record.state) && hasWorkingStop(record)
  }
}

/** Time of the position's last TP1/TP2 fill (the partial-close cooldown, §2.3), if any. */
export const lastTakeProfitFillAt = (record: ManagedPosition): EpochMillis | undefined => {
  const takeProfits = new Set(
    record.orders.filter((o) => o.role === "tp1" || o.role === "tp2").map((o) => o.clientOrderId)
  )
  return record.exitFills
    .filter((f) => f.clientOrderId !== undefined && takeProfits.has(f.clientOrderId))
    .reduce<EpochMillis | undefined>((last, f) => (last === undefined || f.time > last ? f.time : last), undefined)
}

/** Keys of symbols with live exposure or a pending entry: no second position there (registry invariant A). */
export const heldKeys = (positions: ReadonlyArray<HeldPosition>): ReadonlySet<SymbolKey> =>
  new Set(positions.map((p) => p.key))
