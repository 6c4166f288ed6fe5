import { Schema } from "effect"
import {
  baseAsset,
  duration,
  fraction,
  int,
  nonNegative,
  nonNegativeInt,
  nullable,
  num,
  positive,
  positiveInt,
  spotSymbol
} from "./Fields.ts"
import { HARD_MAX_LEVERAGE } from "./RiskConfig.ts"

/** `execution:` — the gateway, protection repairs and TP backfill (spec/trading-core.md §6, §7.4, §7.7). */
export const ExecutionConfig = Schema.Struct({
  pyramiding_enabled: Schema.Boolean,
  entry_blocklist_spot_symbols: Schema.Array(spotSymbol),
  entry_blocklist_bases: Schema.Array(baseAsset),
  max_entry_spread_pct: num(0, 0.1),
  min_depth_ratio: nonNegative,
  order_rate_limit_per_minute: positiveInt,
  order_rate_limit_per_10_seconds: positiveInt,
  stop_ack_timeout_seconds: duration,
  stop_ack_poll_interval_seconds: duration,
  tp_backfill_enabled: Schema.Boolean,
  tp_backfill_cooldown_minutes: nonNegative,
  tp_price_tolerance: num(0, 0.1),
  min_tp_distance_pct: num(0, 0.5),
  max_tp_distance_pct: nullable(num(0, 10)),
  min_tp_orders_expected: nonNegativeInt,
  min_hold_seconds: nonNegative,
  require_sl_for_tp_backfill: Schema.Boolean,
  missing_stop_fallback_pct: num(0.001, 0.5),
  max_missing_stops_per_tick: positiveInt,
  takeover_stop_pct: num(0.001, 0.5),
  orphan_hysteresis_checks: positiveInt,
  orphan_min_order_age_seconds: nonNegative,
  max_orphan_cancels_per_tick: positiveInt,
  break_even_min_tp1_fraction: fraction,
  trailing_min_move_pct: num(0, 0.1)
})

export interface ExecutionConfig extends Schema.Schema.Type<typeof ExecutionConfig> {}

/** Close fractions of one exit plan: TP1, TP2 and the runner. They must add up to 1. */
export const ExitSplit = Schema.Struct({ tp1_pct: fraction, tp2_pct: fraction, runner_pct: fraction })

export interface ExitSplit extends Schema.Schema.Type<typeof ExitSplit> {}

export const ProgressiveTrailLevel = Schema.Struct({ r: positive, atr_multiplier: positive })

/** `multi_tp:` — the take-profit ladder, runner and trailing rules (spec/trading-core.md §5.5–§5.7). */
export const MultiTpConfig = Schema.Struct({
  enabled: Schema.Boolean,
  tp1_r: positive,
  tp2_r: positive,
  runner_r: positive,
  ...ExitSplit.fields,
  runner_has_fixed_tp: Schema.Boolean,
  final_target_behavior: Schema.Literal("tighten_trail", "close_partial"),
  tighten_trail_at_final_target_atr_mult: positive,
  trailing_stop_enabled: Schema.Boolean,
  trailing_stop_atr_multiplier: positive,
  trailing_activation_atr_min: nonNegative,
  progressive_trail_enabled: Schema.Boolean,
  progressive_trail_levels: Schema.Array(ProgressiveTrailLevel),
  regime_runner_sizing_enabled: Schema.Boolean,
  regime_runner_overrides: Schema.Struct({
    tight_smc: ExitSplit,
    wide_structure: ExitSplit,
    consolidation: ExitSplit
  })
})

export interface MultiTpConfig extends Schema.Schema.Type<typeof MultiTpConfig> {}

export const TierLimits = Schema.Struct({ max_leverage: num(1, HARD_MAX_LEVERAGE), max_position_usd: positive })

/** `liquidity_filters:` — per-tier leverage and notional caps (spec/trading-core.md §3.2). */
export const LiquidityFiltersConfig = Schema.Struct({
  tier_configs: Schema.Struct({ A: TierLimits, B: TierLimits, C: TierLimits })
})

export interface LiquidityFiltersConfig extends Schema.Schema.Type<typeof LiquidityFiltersConfig> {}

/** `reconciliation:` — periodic exchange sync (spec/trading-core.md §7.2, §2.9). */
export const ReconciliationConfig = Schema.Struct({
  reconcile_enabled: Schema.Boolean,
  periodic_interval_seconds: int(5, 600),
  qty_dust_tolerance: nonNegative,
  qty_dust_max_size: nonNegative
})

export interface ReconciliationConfig extends Schema.Schema.Type<typeof ReconciliationConfig> {}
