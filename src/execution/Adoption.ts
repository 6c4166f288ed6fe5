import { createHash } from "node:crypto"
import { Decimal, roundStopPrice, ZERO } from "../domain/Money.ts"
import { PositionId } from "../domain/Position.ts"
import type { Side } from "../domain/Side.ts"
import type { FuturesSymbol, SpotSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { isBetterStop, type MachineRules, type ManagedPosition } from "./ManagedPosition.ts"
import type { Step } from "./Orders.ts"
import { syncProtection } from "./ProtectionPlan.ts"

/** An exchange position nobody manages, with what the venue says about its contract and its stops. */
export interface Unmanaged {
  readonly symbol: SpotSymbol
  readonly futuresSymbol: FuturesSymbol
  readonly side: Side
  readonly quantity: Decimal
  readonly entryPrice: Decimal
  /** Mark (or last) price; the stop is placed beyond the worse of entry and mark. */
  readonly mark: Decimal | undefined
  /** Trigger prices of reduce-only stops already protecting it (placed by hand or by an earlier run). */
  readonly existingStops: ReadonlyArray<Decimal>
  readonly tickSize: Decimal
  readonly sizeStep: Decimal
  readonly minSize: Decimal
}

/** Distance of the takeover stop beyond min(entry, mark) for a long (max for a short): `TAKEOVER_STOP_PCT`. */
export const TAKEOVER_STOP_FRACTION = new Decimal("0.02")

/** Deterministic id of an adopted position: the same exposure adopted at the same instant gets the same id. */
export const adoptedPositionId = (futuresSymbol: string, side: Side, at: EpochMillis): PositionId =>
  PositionId.make(
    `pos-${createHash("sha256").update(`adopted:${futuresSymbol}:${side}:${at}`).digest("hex").slice(0, 12)}`
  )

/** Multiplier that moves a price `TAKEOVER_STOP_FRACTION` toward the loss side of a position of `side`. */
const lossFactor = (side: Side): Decimal =>
  side === "long" ? new Decimal(1).minus(TAKEOVER_STOP_FRACTION) : new Decimal(1).plus(TAKEOVER_STOP_FRACTION)

/**
 * The stop of an adopted position (trading-core §7.4 "Do", §10 lesson 16): 2 % beyond the worse of entry and
 * mark, or an existing stop that is tighter yet still on the loss side of the mark, so adoption never loosens
 * protection a human already put there.
 */
export const adoptionStop = (u: Unmanaged): Decimal => {
  const market = u.mark ?? u.entryPrice
  const reference = u.side === "long" ? Decimal.min(u.entryPrice, market) : Decimal.max(u.entryPrice, market)
  const fallback = roundStopPrice(reference.times(lossFactor(u.side)), u.tickSize, u.side)
  return u.existingStops
    .filter((price) => isBetterStop(u.side, market, price))
    .reduce((best, price) => (isBetterStop(u.side, price, best) ? price : best), fallback)
}

/**
 * A managed record for exposure the registry does not know (takeover at start, phantom at run time): OPEN with
 * a synthetic entry fill of the exchange's size at its entry price, intent confirmed, no take-profit ladder, and
 * the protection plan's stop placement as its first effect.
 */
export const adoptPosition = (u: Unmanaged, positionId: PositionId, at: EpochMillis, rules: MachineRules): Step => {
  const stop = adoptionStop(u)
  const lossSide = u.entryPrice.times(lossFactor(u.side))
  // The initial stop bounds invariant D: never beyond the stop actually placed, always on the loss side of entry.
  const initialStop = roundStopPrice(
    u.side === "long" ? Decimal.min(lossSide, stop) : Decimal.max(lossSide, stop),
    u.tickSize,
    u.side
  )
  const record: ManagedPosition = {
    positionId,
    symbol: u.symbol,
    futuresSymbol: u.futuresSymbol,
    side: u.side,
    state: "OPEN",
    plan: {
      quantity: u.quantity,
      entryPrice: u.entryPrice,
      initialStop,
      tp1Fraction: ZERO,
      tp2Fraction: ZERO,
      sizeStep: u.sizeStep,
      minSize: u.minSize,
      setupType: "takeover"
    },
    stopPrice: initialStop,
    stopTarget: stop,
    orders: [],
    entryFills: [
      {
        fillId: `takeover-fill-${positionId}`,
        quantity: u.quantity,
        price: u.entryPrice,
        fee: ZERO,
        time: at,
        synthetic: true
      }
    ],
    exitFills: [],
    nextSeq: 0,
    tp1Filled: false,
    tp2Filled: false,
    breakEvenTriggered: false,
    trailingActive: false,
    intentConfirmed: true,
    stopRetryBlocked: false,
    missingChecks: 0,
    openedAt: at,
    updatedAt: at,
    processedEventIds: []
  }
  return syncProtection(record, rules)
}
