/**
 * The strategy's parameters as a plain object (snake_case, mirroring the `strategy:` YAML keys of
 * spec/strategy.md §8), so the pure core does not depend on the config module. Defaults are the
 * production values of config/config.yaml.
 */
export interface StrategyParams {
  /** "original": the original engine's OB/FVG/BOS scans; "swing": structure from confirmed swings (smc-definitions.md). */
  readonly structure_model: "original" | "swing"
  /** Bars on each side of a swing point in the `swing` model (the reference's `swing_length`). */
  readonly swing_length: number
  readonly decision_timeframe: "4h" | "1h"
  readonly ema_period: number
  readonly ema_neutral_zone_bps: number
  readonly adx_period: number
  readonly adx_threshold: number
  readonly atr_period: number
  readonly rsi_period: number
  /** Add a reasoning line naming an RSI divergence on the decision timeframe (no effect on the decision). */
  readonly rsi_divergence_enabled: boolean
  readonly rsi_divergence_lookback: number
  readonly orderblock_lookback: number
  readonly ob_entry_mode: "mid" | "open" | "discount" | "high_low"
  readonly ob_discount_pct: number
  readonly ob_displacement_multiple: number
  readonly ob_displacement_median_window: number
  readonly fvg_min_size_pct: number
  readonly bos_confirmation_candles: number
  readonly require_bos_confirmation: boolean
  readonly fib_lookback: number
  readonly fib_proximity_bps: number
  readonly tight_smc_atr_stop_min: number
  readonly tight_smc_atr_stop_max: number
  readonly wide_structure_atr_stop_min: number
  readonly wide_structure_atr_stop_max: number
  /** Minimum reward:risk for tight setups; the original read it from the wrong section (risk.tight_smc_min_rr_multiple). */
  readonly tight_smc_min_rr: number
  readonly wide_structure_min_rr: number
  readonly tp_swing_window: number
  readonly stop_widen_enabled: boolean
  readonly stop_widen_threshold: number
  readonly stop_widen_factor: number
  readonly stop_widen_increment: number
  readonly stop_widen_max_factor: number
  readonly min_score_tight_smc_aligned: number
  readonly min_score_tight_smc_neutral: number
  readonly min_score_wide_structure_aligned: number
  readonly min_score_wide_structure_neutral: number
  /** Round-trip cost estimate fed to the cost score; the original always passed 15. */
  readonly cost_bps: number
  readonly higher_tf_enabled: boolean
  readonly higher_tf_mode: "soft" | "hard"
  readonly weekly_fib_confluence_weight: number
  readonly daily_bias_weight: number
  readonly higher_tf_penalty_outside_zone: number
  /** Daily bars the weekly context is built from (the original loaded 365 days of daily history). */
  readonly higher_tf_daily_bars: number
  readonly require_ms_change_confirmation: boolean
  readonly ms_tracker_lookback: number
  readonly ms_confirmation_tolerance_pct: number
  readonly ms_confirmation_candles: number
  readonly ms_confirmation_candles_high_vol: number
  readonly adaptive_enabled: boolean
  readonly atr_confirmation_threshold_high: number
  readonly atr_confirmation_threshold_low: number
  readonly min_confirmation_candles: number
  /** Skip the 15m retrace-to-zone step after a confirmed structure change (spec §3.7; production true). */
  readonly skip_reconfirmation_in_trends: boolean
  /** Band around the setup's zone the 15m close may be in when reconfirming (plus ATR share when adaptive). */
  readonly entry_zone_tolerance_pct: number
  readonly entry_zone_tolerance_adaptive: boolean
  readonly entry_zone_tolerance_atr_mult: number
  /** Score points (≤ 0) a reconfirmation inside the band but outside the zone costs. */
  readonly entry_zone_tolerance_score_penalty: number
  readonly signal_structure_dedupe_enabled: boolean
  /**
   * Reject a setup whose stop level was closed through since its order block, or whose target price has
   * already reached (spec §4 "Do"; the original traded them: 26 % of its signals were already stopped out).
   */
  readonly invalidate_traded_setups: boolean
}

export const defaultStrategyParams: StrategyParams = {
  structure_model: "original",
  swing_length: 50,
  decision_timeframe: "4h",
  ema_period: 200,
  ema_neutral_zone_bps: 10,
  adx_period: 14,
  adx_threshold: 25,
  atr_period: 14,
  rsi_period: 14,
  rsi_divergence_enabled: false,
  rsi_divergence_lookback: 20,
  orderblock_lookback: 50,
  ob_entry_mode: "mid",
  ob_discount_pct: 0.25,
  ob_displacement_multiple: 1.5,
  ob_displacement_median_window: 20,
  fvg_min_size_pct: 0.0007,
  bos_confirmation_candles: 3,
  require_bos_confirmation: false,
  fib_lookback: 100,
  fib_proximity_bps: 60,
  tight_smc_atr_stop_min: 0.15,
  tight_smc_atr_stop_max: 0.3,
  wide_structure_atr_stop_min: 0.5,
  wide_structure_atr_stop_max: 0.6,
  tight_smc_min_rr: 2,
  wide_structure_min_rr: 1.5,
  tp_swing_window: 50,
  stop_widen_enabled: true,
  stop_widen_threshold: 2,
  stop_widen_factor: 1.5,
  stop_widen_increment: 0.25,
  stop_widen_max_factor: 2,
  min_score_tight_smc_aligned: 65,
  min_score_tight_smc_neutral: 75,
  min_score_wide_structure_aligned: 60,
  min_score_wide_structure_neutral: 70,
  cost_bps: 15,
  higher_tf_enabled: true,
  higher_tf_mode: "hard",
  weekly_fib_confluence_weight: 0.25,
  daily_bias_weight: 0.15,
  higher_tf_penalty_outside_zone: -18,
  higher_tf_daily_bars: 365,
  require_ms_change_confirmation: false,
  ms_tracker_lookback: 20,
  ms_confirmation_tolerance_pct: 0.005,
  ms_confirmation_candles: 1,
  ms_confirmation_candles_high_vol: 2,
  adaptive_enabled: true,
  atr_confirmation_threshold_high: 1.5,
  atr_confirmation_threshold_low: 0.5,
  min_confirmation_candles: 2,
  skip_reconfirmation_in_trends: true,
  entry_zone_tolerance_pct: 0.05,
  entry_zone_tolerance_adaptive: true,
  entry_zone_tolerance_atr_mult: 0.3,
  entry_zone_tolerance_score_penalty: -5,
  signal_structure_dedupe_enabled: true,
  invalidate_traded_setups: true
}

/** Production defaults with some keys replaced (tests, CLI flags). */
export const strategyParams = (overrides: Partial<StrategyParams> = {}): StrategyParams => ({
  ...defaultStrategyParams,
  ...overrides
})
