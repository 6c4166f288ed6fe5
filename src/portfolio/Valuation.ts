import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { AuctionCandidate, AuctionParams, AuctionPosition, ChopOverrides, KeepReason } from "./AuctionTypes.ts"

const MINUTE_MS = 60_000

/** Unified value of a new candidate (§2.2): its score minus the cost of entering. */
export const candidateValue = (candidate: AuctionCandidate, params: AuctionParams): number =>
  candidate.score - params.auction_entry_cost

/** Unified value of an open position (§2.2): entry score + 5 × P&L in R − the cost of exiting. */
export const positionValue = (position: AuctionPosition, params: AuctionParams): number =>
  position.entryScore + 5 * position.pnlR - params.auction_exit_cost

/**
 * Unrealised P&L in R = pnl / (notional × initial stop distance %); 0 when the risk unit is unknown or zero
 * (imported positions without a stored stop).
 */
export const pnlInR = (unrealizedPnl: Decimal, notional: Decimal, initialStopDistancePct: Decimal): number => {
  const risk = notional.abs().times(initialStopDistancePct)
  return risk.isZero() ? 0 : unrealizedPnl.div(risk).toNumber()
}

/**
 * Why the auction may not close a position now (§2.3), or undefined. The anti-flip lock of §2.8 is the same
 * rule with its own minutes, so the longer of the two applies.
 */
export const lockReason = (
  position: AuctionPosition,
  now: EpochMillis,
  params: AuctionParams,
  chop?: ChopOverrides
): Extract<KeepReason, "LOCKED_MIN_HOLD" | "LOCKED_UNPROTECTED"> | undefined => {
  if (!position.isProtected) return "LOCKED_UNPROTECTED"
  const antiFlip = params.auction_anti_flip_lock_enabled ? params.auction_anti_flip_lock_minutes : 0
  const minHold = chop?.active.has(position.key) ? chop.minHoldMinutes : params.auction_min_hold_minutes
  const holdMs = Math.max(minHold, antiFlip) * MINUTE_MS
  return now - position.openedAt < holdMs ? "LOCKED_MIN_HOLD" : undefined
}

/** Auction cluster of a signal or a stored position: `"{regime}_{setup_type}"`, `"unknown"` when either is missing. */
export const clusterOf = (regime: string | undefined, setupType: string | undefined): string =>
  regime === undefined || setupType === undefined ? "unknown" : `${regime}_${setupType}`

/** The no-signal counter of §2.1 step 7: reset when this cycle has a candidate, else one more. */
export const nextNoSignalCycles = (previous: number, candidateCount: number): number =>
  candidateCount > 0 ? 0 : previous + 1

/** One entry of the auction's ranking: an open position or a new candidate, valued on one scale. */
export type Contender<C, P> =
  | {
      readonly kind: "open"
      readonly item: P
      readonly key: SymbolKey
      readonly side: Side
      readonly cluster: string
      readonly margin: Decimal
      readonly value: number
      readonly openedAt: EpochMillis
      readonly locked: boolean
    }
  | {
      readonly kind: "new"
      readonly item: C
      readonly key: SymbolKey
      readonly side: Side
      readonly cluster: string
      readonly margin: Decimal
      readonly value: number
    }

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The total ranking order of §2.4 step 2: value desc; open before new; older first; lower margin first;
 * then explicit tie-breaks (symbol key, side, cluster) so the input order never matters. Candidates are one per
 * symbol key (the runner's preparation), so no two contenders tie on every field.
 */
export const compareContenders = <C, P>(a: Contender<C, P>, b: Contender<C, P>): number => {
  if (a.value !== b.value) return b.value - a.value
  if (a.kind !== b.kind) return a.kind === "open" ? -1 : 1
  if (a.kind === "open" && b.kind === "open" && a.openedAt !== b.openedAt) return a.openedAt - b.openedAt
  const margin = a.margin.comparedTo(b.margin)
  if (margin !== 0) return margin
  return compareText(a.key, b.key) || compareText(a.side, b.side) || compareText(a.cluster, b.cluster)
}
