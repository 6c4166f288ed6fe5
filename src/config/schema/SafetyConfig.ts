import { Schema } from "effect"
import { duration, fraction, int, nonNegative, nullable, openFraction, positive, positiveInt } from "./Fields.ts"

/** Invariant monitor thresholds (spec/trading-core.md §8.1): CRITICAL `max_*`, WARNING `degraded_*`. */
export const InvariantsConfig = Schema.Struct({
  max_drawdown_pct: openFraction,
  degraded_drawdown_pct: openFraction,
  min_equity_usd: nullable(positive),
  max_total_notional_usd: positive,
  max_positions: int(1, 500),
  degraded_positions: int(1, 500),
  max_margin_utilization_pct: openFraction,
  degraded_margin_utilization_pct: openFraction,
  max_single_position_pct_equity: openFraction,
  max_rejected_orders_per_cycle: positiveInt,
  max_api_errors_per_minute: positiveInt,
  implausible_drawdown_pct: openFraction,
  peak_equity_min_increase_usd: nonNegative
})

export const CycleGuardConfig = Schema.Struct({
  min_cycle_interval_seconds: nonNegative,
  max_cycle_duration_seconds: duration,
  max_candle_age_seconds: duration,
  max_clock_skew_seconds: nonNegative
})

export const KillSwitchConfig = Schema.Struct({
  cancel_verify_attempts: positiveInt,
  cancel_verify_interval_seconds: duration,
  startup_flatten_window_seconds: nonNegative
})

export const AutoRecoveryConfig = Schema.Struct({
  enabled: Schema.Boolean,
  min_wait_minutes: nonNegative,
  max_margin_utilization_pct: openFraction,
  max_recoveries_per_day: positiveInt
})

/** Protection monitor graces and escalation (spec/trading-core.md §8.5). */
export const ProtectionConfig = Schema.Struct({
  startup_grace_seconds: nonNegative,
  fresh_reconcile_grace_seconds: nonNegative,
  pending_grace_seconds: nonNegative,
  heal_after_checks: positiveInt,
  kill_after_checks: positiveInt,
  heal_recheck_seconds: duration,
  max_stops_per_heal: positiveInt,
  min_stop_coverage: fraction,
  warn_stop_coverage: fraction
})

/** Position-delta limits (spec/trading-core.md §7.6). */
export const SafetyReconciliationConfig = Schema.Struct({
  min_delta_threshold_usd: nonNegative,
  max_delta_per_order_usd: positive,
  max_delta_pct_of_position: fraction
})

/** Everything in safety.yaml, decoded as `config.safety`. */
export const SafetyConfig = Schema.Struct({
  invariants: InvariantsConfig,
  cycle_guard: CycleGuardConfig,
  kill_switch: KillSwitchConfig,
  auto_recovery: AutoRecoveryConfig,
  protection: ProtectionConfig,
  reconciliation: SafetyReconciliationConfig
})

export interface SafetyConfig extends Schema.Schema.Type<typeof SafetyConfig> {}
