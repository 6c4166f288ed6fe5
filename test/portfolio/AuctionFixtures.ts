import { Decimal } from "../../src/domain/Money.ts"
import type { Side } from "../../src/domain/Side.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import type { AuctionCandidate, AuctionParams, AuctionPosition } from "../../src/portfolio/AuctionTypes.ts"

export const MINUTE = 60_000
export const NOW = 1_800_000_000_000

/** The shipped production values of config.yaml. */
export const params: AuctionParams = {
  auction_max_positions: 25,
  auction_max_margin_util: 0.9,
  auction_max_per_cluster: 8,
  auction_max_per_symbol: 1,
  auction_swap_threshold: 14,
  auction_min_hold_minutes: 45,
  auction_max_trades_per_cycle: 5,
  auction_max_new_opens_per_cycle: 1,
  auction_max_closes_per_cycle: 1,
  auction_entry_cost: 2,
  auction_exit_cost: 2,
  auction_direction_concentration_penalty: 10,
  auction_partial_close_cooldown_seconds: 300,
  auction_close_when_no_signals: true,
  auction_no_signal_persistence_enabled: true,
  auction_no_signal_close_persistence_cycles: 8,
  auction_anti_flip_lock_enabled: true,
  auction_anti_flip_lock_minutes: 45
}

export const candidate = (
  symbol: string,
  score: number,
  options: { side?: Side; cluster?: string; margin?: number } = {}
): AuctionCandidate => ({
  key: symbolKey(symbol),
  side: options.side ?? "long",
  score,
  cluster: options.cluster ?? "tight_smc_ob",
  requiredMargin: new Decimal(options.margin ?? 100)
})

export const position = (
  symbol: string,
  entryScore: number,
  options: {
    side?: Side
    cluster?: string
    margin?: number
    pnlR?: number
    ageMinutes?: number
    isProtected?: boolean
  } = {}
): AuctionPosition => ({
  key: symbolKey(symbol),
  side: options.side ?? "long",
  cluster: options.cluster ?? "tight_smc_ob",
  entryScore,
  pnlR: options.pnlR ?? 0,
  openedAt: NOW - (options.ageMinutes ?? 120) * MINUTE,
  margin: new Decimal(options.margin ?? 100),
  isProtected: options.isProtected ?? true
})
