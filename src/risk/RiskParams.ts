import type { Tier } from "../domain/Instrument.ts"
import { Decimal } from "../domain/Money.ts"

export type SizingMethod = "leverage_based" | "fixed" | "kelly" | "volatility" | "kelly_volatility"

/**
 * Risk-manager parameters (trading-core §3, §9): the `risk.*` keys of the config with the same names, so
 * `config.risk` can be passed as is. Fractions are plain numbers; money is converted to decimals on use.
 */
export interface RiskParams {
  readonly sizing_method: SizingMethod
  readonly risk_per_trade_pct: number
  readonly target_leverage: number
  readonly max_leverage: number
  readonly max_single_position_margin_pct_equity: number
  readonly max_aggregate_margin_pct_equity: number
  readonly max_position_size_usd: number
  readonly max_loss_per_trade_usd: number
  readonly min_notional_usd: number
  /** Share of the available margin a new trade may use (0.95). */
  readonly available_margin_use_pct: number
  /** Without a liquidation price, effective leverage must stay under this share of the leverage (0.9). */
  readonly leverage_proximity_pct: number
  readonly min_free_margin_pct: number
  readonly min_liquidation_buffer_pct: number
  readonly max_concurrent_positions: number
  readonly daily_loss_limit_pct: number
  readonly target_margin_util_min: number
  readonly utilisation_boost_max_factor: number
  readonly basis_max_pct: number
  readonly taker_fee_bps: number
  readonly maker_fee_bps: number
  readonly funding_rate_daily_bps: number
  readonly tight_smc_cost_cap_bps: number
  readonly tight_smc_min_rr_multiple: number
  readonly tight_smc_avg_hold_hours: number
  readonly wide_structure_max_distortion_pct: number
  readonly wide_structure_avg_hold_hours: number
  readonly wide_structure_funding_hard_cap_bps: number
  readonly fee_edge_guard_enabled: boolean
  readonly fee_edge_multiple_k: number
  readonly fee_edge_slippage_bps_est: number
  readonly fee_edge_funding_floor_bps: number
  readonly fee_edge_cost_buffer_multiplier: number
  readonly fee_edge_use_conservative_taker: boolean
  readonly kelly_win_prob: number
  readonly kelly_win_loss_ratio: number
  readonly kelly_max_fraction: number
  readonly max_risk_per_trade_entry_pct: number
  readonly vol_sizing_atr_threshold_high: number
  readonly vol_sizing_atr_threshold_low: number
  /** A multiplier (0.7 = −30 %), not the original's misread "penalty" value. */
  readonly vol_sizing_high_vol_multiplier: number
  readonly vol_sizing_low_vol_multiplier: number
  readonly auction_mode_enabled: boolean
  readonly auction_max_positions: number
}

/** `liquidity_filters.tier_configs.<tier>`. */
export interface TierLimits {
  readonly max_leverage: number
  readonly max_position_usd: number
}

export type TierConfigs = Readonly<Record<Tier, TierLimits>>

export const dec = (n: number): Decimal => new Decimal(n)

export const BPS = dec(10_000)
