import type { SymbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExitReason } from "../domain/Trade.ts"
import type { AuctionParams, ChopOverrides } from "./AuctionTypes.ts"

/** `risk.auction_chop_*` keys (trading-core §2.8, §9). */
export interface ChopParams {
  readonly auction_chop_guard_enabled: boolean
  readonly auction_chop_adx_threshold: number
  readonly auction_chop_score_std_threshold: number
  readonly auction_chop_reversal_window_hours: number
  readonly auction_chop_quick_reversal_hold_minutes: number
  readonly auction_chop_global_symbol_pct: number
  readonly auction_chop_swap_threshold_delta: number
  readonly auction_chop_min_hold_multiplier: number
  readonly auction_chop_max_new_opens_delta: number
  readonly auction_chop_no_signal_persistence_delta: number
}

export interface ChopInput {
  readonly now: EpochMillis
  /** Symbols analysed this cycle (the denominator of the global test). */
  readonly scannedCount: number
  /** This cycle's signals with their ADX. */
  readonly signals: ReadonlyArray<{ readonly key: SymbolKey; readonly adx: number; readonly score: number }>
  readonly recentTrades: ReadonlyArray<{
    readonly key: SymbolKey
    readonly enteredAt: EpochMillis
    readonly exitedAt: EpochMillis
    readonly exitReason: ExitReason
  }>
}

// Exits that mean "the market turned against the entry": a quick one marks a whipsaw.
const REVERSAL_EXITS: ReadonlySet<ExitReason> = new Set([
  "stop_loss",
  "trailing_stop",
  "premise_invalidation",
  "no_signal_close"
])

const populationStd = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return 0
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
}

/**
 * Chop regime (§2.8): a signal is choppy when its ADX is weak, this cycle's scores are bunched (population std
 * below the threshold) and its symbol had a quick reversal recently. The regime is global when at least
 * `global_symbol_pct` of the scanned symbols are choppy; then those symbols are chop-active (no canary list).
 */
export const detectChop = (
  input: ChopInput,
  p: ChopParams
): { readonly global: boolean; readonly active: ReadonlySet<SymbolKey> } => {
  if (!p.auction_chop_guard_enabled || input.scannedCount === 0) return { global: false, active: new Set() }
  const bunched = populationStd(input.signals.map((s) => s.score)) < p.auction_chop_score_std_threshold
  const windowMs = p.auction_chop_reversal_window_hours * 3_600_000
  const quickMs = p.auction_chop_quick_reversal_hold_minutes * 60_000
  const reversed = new Set(
    input.recentTrades
      .filter(
        (t) =>
          REVERSAL_EXITS.has(t.exitReason) &&
          t.exitedAt <= input.now &&
          input.now - t.exitedAt <= windowMs &&
          t.exitedAt - t.enteredAt < quickMs
      )
      .map((t) => t.key)
  )
  const choppy = new Set(
    input.signals
      .filter((s) => bunched && s.adx < p.auction_chop_adx_threshold && reversed.has(s.key))
      .map((s) => s.key)
  )
  const global = choppy.size / input.scannedCount >= p.auction_chop_global_symbol_pct
  return { global, active: global ? choppy : new Set() }
}

/**
 * Auction settings under a global chop regime: the chop-active symbols get a larger swap threshold and a longer
 * minimum hold; the cycle opens one fewer position (at least one) and waits one more empty cycle before going
 * flat. Outside chop the parameters are returned unchanged.
 */
export const chopAdjusted = (
  params: AuctionParams,
  chop: { readonly global: boolean; readonly active: ReadonlySet<SymbolKey> },
  p: ChopParams
): { readonly params: AuctionParams; readonly chop?: ChopOverrides } => {
  if (!chop.global) return { params }
  return {
    params: {
      ...params,
      auction_max_new_opens_per_cycle: Math.max(
        params.auction_max_new_opens_per_cycle + p.auction_chop_max_new_opens_delta,
        1
      ),
      auction_no_signal_close_persistence_cycles:
        params.auction_no_signal_close_persistence_cycles + p.auction_chop_no_signal_persistence_delta
    },
    chop: {
      active: chop.active,
      swapThreshold: params.auction_swap_threshold + p.auction_chop_swap_threshold_delta,
      minHoldMinutes: Math.round(params.auction_min_hold_minutes * p.auction_chop_min_hold_multiplier)
    }
  }
}
