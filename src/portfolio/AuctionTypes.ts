import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"

/**
 * Auction parameters (trading-core §2, §9): the `risk.auction_*` keys of the config, same names, so
 * `config.risk` can be passed as is.
 */
export interface AuctionParams {
  readonly auction_max_positions: number
  /** Margin budget = equity × this, for every contender and for the winners' total (§2.4). */
  readonly auction_max_margin_util: number
  readonly auction_max_per_cluster: number
  readonly auction_max_per_symbol: number
  /** A swap needs `value_new ≥ value_open + threshold` (§2.5). */
  readonly auction_swap_threshold: number
  readonly auction_min_hold_minutes: number
  readonly auction_max_trades_per_cycle: number
  readonly auction_max_new_opens_per_cycle: number
  readonly auction_max_closes_per_cycle: number
  readonly auction_entry_cost: number
  readonly auction_exit_cost: number
  readonly auction_direction_concentration_penalty: number
  /** A TP fill within this window keeps every new candidate out of this cycle (§2.3). */
  readonly auction_partial_close_cooldown_seconds: number
  /** Close displaced positions when no signal at all exists (the explicit "go flat" policy of §2.5). */
  readonly auction_close_when_no_signals: boolean
  readonly auction_no_signal_persistence_enabled: boolean
  readonly auction_no_signal_close_persistence_cycles: number
  readonly auction_anti_flip_lock_enabled: boolean
  readonly auction_anti_flip_lock_minutes: number
}

/** A scored signal that passed the risk check and may open (§2.1 step 6). */
export interface AuctionCandidate {
  readonly key: SymbolKey
  readonly side: Side
  /** Strategy score (0–100 scale). */
  readonly score: number
  /** `"{regime}_{setup_type}"`, e.g. `tight_smc_ob`. */
  readonly cluster: string
  /** Margin the risk manager sized it at. */
  readonly requiredMargin: Decimal
}

/** An open position as the auction sees it. One per symbol key (registry invariant A). */
export interface AuctionPosition {
  readonly key: SymbolKey
  readonly side: Side
  /** Stored cluster, or `"unknown"` for imported positions. */
  readonly cluster: string
  /** Score at entry; 0 when unknown (imported positions). */
  readonly entryScore: number
  /** Unrealised P&L in R (see `pnlInR`). */
  readonly pnlR: number
  readonly openedAt: EpochMillis
  readonly margin: Decimal
  /** A protective order is known for it; an unprotected position is never closed by the auction. */
  readonly isProtected: boolean
}

/** Per-symbol settings of the chop regime for its active symbols (see `chopAdjusted`). */
export interface ChopOverrides {
  readonly active: ReadonlySet<SymbolKey>
  /** Applies when either side of a swap is chop-active. */
  readonly swapThreshold: number
  readonly minHoldMinutes: number
}

export interface AuctionInput<C extends AuctionCandidate, P extends AuctionPosition> {
  readonly now: EpochMillis
  readonly equity: Decimal
  readonly candidates: ReadonlyArray<C>
  readonly positions: ReadonlyArray<P>
  /** Consecutive cycles without any candidate, this one included (see `nextNoSignalCycles`). */
  readonly noSignalCycles: number
  /** Time of the last TP1/TP2 fill, if any (partial-close cooldown). */
  readonly lastPartialCloseAt?: EpochMillis | undefined
  /** Chop regime overrides of this cycle, if any. */
  readonly chop?: ChopOverrides | undefined
}

/** Why a candidate does not open this cycle. */
export type CandidateRejection =
  | "PARTIAL_CLOSE_COOLDOWN"
  | "SYMBOL_HELD"
  | "MARGIN_EXCEEDS_BUDGET"
  | "MAX_POSITIONS"
  | "MARGIN_BUDGET"
  | "MAX_PER_SYMBOL"
  | "MAX_PER_CLUSTER"
  | "NEGATIVE_VALUE"
  | "DIRECTION_CONCENTRATION"
  | "MAX_NEW_OPENS_PER_CYCLE"
  | "MAX_TRADES_PER_CYCLE"

/** Why an open position stays. */
export type KeepReason =
  | "WINNER"
  | "LOCKED_MIN_HOLD"
  | "LOCKED_UNPROTECTED"
  | "HYSTERESIS"
  | "NO_REPLACEMENT"
  | "REPLACEMENT_NOT_OPENED"
  | "MAX_CLOSES_PER_CYCLE"

/** Why the auction closes a position: swapped for a better candidate, or the "go flat" policy. */
export type CloseReason = "SWAP" | "NO_SIGNALS"

export interface AuctionOpen<C> {
  readonly candidate: C
  readonly value: number
}

export interface AuctionClose<P> {
  readonly position: P
  readonly value: number
  readonly reason: CloseReason
  /** The candidate it makes room for (reason SWAP). */
  readonly replacement?: SymbolKey
}

export interface AuctionKeep<P> {
  readonly position: P
  readonly value: number
  readonly reason: KeepReason
}

export interface AuctionRejected<C> {
  readonly candidate: C
  readonly value: number
  readonly reason: CandidateRejection
}

export interface AuctionSwap {
  readonly close: SymbolKey
  readonly open: SymbolKey
}

/** The plan of one cycle: execute closes first, then opens (§2.9). Every list is in a deterministic order. */
export interface AuctionDecision<C extends AuctionCandidate, P extends AuctionPosition> {
  readonly opens: ReadonlyArray<AuctionOpen<C>>
  readonly closes: ReadonlyArray<AuctionClose<P>>
  readonly swaps: ReadonlyArray<AuctionSwap>
  readonly kept: ReadonlyArray<AuctionKeep<P>>
  readonly rejected: ReadonlyArray<AuctionRejected<C>>
}
