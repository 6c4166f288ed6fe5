import { Decimal, ZERO } from "../domain/Money.ts"
import type { SymbolKey } from "../domain/Symbols.ts"

/** `risk.auction_rebalancer_*` keys (trading-core §2.7, §9). */
export interface RebalancerParams {
  readonly auction_rebalancer_enabled: boolean
  readonly auction_rebalancer_trigger_pct_equity: number
  readonly auction_rebalancer_clear_pct_equity: number
  readonly auction_rebalancer_per_symbol_trim_cooldown_cycles: number
  readonly auction_rebalancer_max_reductions_per_cycle: number
  readonly auction_rebalancer_max_total_margin_reduced_pct_equity: number
}

export interface RebalancePosition {
  readonly key: SymbolKey
  readonly size: Decimal
  /** |size × mark|. */
  readonly notional: Decimal
  readonly leverage: Decimal
  /** The auction's lock (min hold, unprotected). */
  readonly locked: boolean
}

export interface RebalanceInput {
  readonly equity: Decimal
  /** Monotonic auction cycle number. */
  readonly cycle: number
  readonly positions: ReadonlyArray<RebalancePosition>
  /** Symbols the auction closes this cycle. */
  readonly closing: ReadonlySet<SymbolKey>
  /** Trading is gated (system not ACTIVE): concentration is then reduced even for locked or closing positions. */
  readonly tradingGated: boolean
  /** Cycle of each symbol's last trim (persisted with the auction state). */
  readonly lastTrimCycle: ReadonlyMap<SymbolKey, number>
}

/** A planned reduce-only partial close; the executor rounds the quantity to the contract step. */
export interface Trim {
  readonly key: SymbolKey
  readonly fraction: Decimal
  readonly quantity: Decimal
  readonly marginReleased: Decimal
}

/**
 * Concentration rebalancer (§2.7): positions above `trigger` × equity in notional are trimmed back to `clear` ×
 * equity, largest first, at most `max_reductions` per cycle, not within `cooldown_cycles` of the symbol's last
 * trim, and with the total margin released capped (trims scaled down proportionally). `clear < trigger` gives
 * the hysteresis; the config loader enforces it.
 */
export const planTrims = (input: RebalanceInput, params: RebalancerParams): ReadonlyArray<Trim> => {
  if (!params.auction_rebalancer_enabled || input.equity.lte(0)) return []
  const { equity } = input
  const trigger = equity.times(params.auction_rebalancer_trigger_pct_equity)
  const clear = equity.times(params.auction_rebalancer_clear_pct_equity)
  const ranked = [...input.positions].sort((a, b) => b.notional.comparedTo(a.notional) || (a.key < b.key ? -1 : 1))
  const eligible = ranked.filter((p) => {
    if (!input.tradingGated && (p.locked || input.closing.has(p.key))) return false
    const last = input.lastTrimCycle.get(p.key)
    const cooling =
      last !== undefined && input.cycle - last <= params.auction_rebalancer_per_symbol_trim_cooldown_cycles
    return p.notional.gt(trigger) && !cooling
  })
  const planned = eligible.slice(0, params.auction_rebalancer_max_reductions_per_cycle).map((p) => {
    const fraction = p.notional.minus(clear).div(p.notional)
    return { key: p.key, fraction, size: p.size, marginReleased: p.notional.times(fraction).div(p.leverage) }
  })
  const released = planned.reduce((sum, t) => sum.plus(t.marginReleased), ZERO)
  const budget = equity.times(params.auction_rebalancer_max_total_margin_reduced_pct_equity)
  const scale = released.gt(budget) ? budget.div(released) : new Decimal(1)
  return planned.map((t) => ({
    key: t.key,
    fraction: t.fraction.times(scale),
    quantity: t.size.times(t.fraction).times(scale),
    marginReleased: t.marginReleased.times(scale)
  }))
}
