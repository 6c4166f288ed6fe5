import type { Decimal } from "../domain/Money.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import { drawdownOf, nextPeak } from "./PeakEquity.ts"
import type { KillReason, SafetyLevel } from "./SafetyLevel.ts"

/** `safety.invariants.*` (safety.yaml): CRITICAL `max_*`, WARNING `degraded_*`, same key names. */
export interface InvariantThresholds {
  readonly max_drawdown_pct: number
  readonly degraded_drawdown_pct: number
  readonly min_equity_usd: number | null
  readonly max_total_notional_usd: number
  readonly max_positions: number
  readonly degraded_positions: number
  readonly max_margin_utilization_pct: number
  readonly degraded_margin_utilization_pct: number
  readonly max_single_position_pct_equity: number
  readonly max_rejected_orders_per_cycle: number
  readonly max_api_errors_per_minute: number
  readonly implausible_drawdown_pct: number
  readonly peak_equity_min_increase_usd: number
}

export interface InvariantSnapshot {
  readonly equity: Decimal
  /** Persisted peak; absent on the first run. */
  readonly peakEquity?: Decimal | undefined
  /** |size × mark| per open position. */
  readonly positions: ReadonlyArray<{ readonly key: SymbolKey; readonly notional: Decimal }>
  readonly marginUsed: Decimal
  readonly rejectedOrdersThisCycle: number
  readonly apiErrorsLastMinute: number
  /** Positions the protection service reports without a live stop. */
  readonly nakedPositions: ReadonlyArray<SymbolKey>
  /** True once an implausible drawdown was confirmed by two fresh reads (see `settleEquity`). */
  readonly equityConfirmed: boolean
}

export type Invariant =
  | "DRAWDOWN"
  | "STALE_PEAK"
  | "EQUITY_FLOOR"
  | "TOTAL_NOTIONAL"
  | "POSITION_COUNT"
  | "MARGIN_UTILISATION"
  | "SINGLE_POSITION"
  | "REJECTED_ORDERS"
  | "API_ERRORS"
  | "NAKED_POSITION"

export interface Violation {
  readonly invariant: Invariant
  readonly severity: "WARNING" | "CRITICAL"
  readonly value: string
  readonly limit: string
  readonly symbol?: SymbolKey
}

export type InvariantReport =
  /** Drawdown beyond the implausible level: re-read equity twice, settle it, and evaluate again confirmed. */
  | { readonly _tag: "RereadEquity"; readonly drawdown: Decimal }
  | {
      readonly _tag: "Evaluated"
      readonly violations: ReadonlyArray<Violation>
      readonly level: SafetyLevel
      /** Set when the level is HALTED or EMERGENCY. */
      readonly killReason?: KillReason
      /** EMERGENCY: the kill switch also closes every position. */
      readonly flatten: boolean
      /** The peak to persist. */
      readonly peakEquity: Decimal
      /** The peak looks stale (confirmed implausible drawdown): alert the operator to reset it. */
      readonly peakStale: boolean
    }

const v = (
  invariant: Invariant,
  severity: Violation["severity"],
  value: Decimal | number,
  limit: number,
  symbol?: SymbolKey
): Violation => ({
  invariant,
  severity,
  value: value.toString(),
  limit: String(limit),
  ...(symbol === undefined ? {} : { symbol })
})

/** A value against a CRITICAL and a WARNING threshold ("greater than" both). */
const tiered = (invariant: Invariant, value: Decimal, critical: number, warning: number): ReadonlyArray<Violation> =>
  value.gt(critical)
    ? [v(invariant, "CRITICAL", value, critical)]
    : value.gt(warning)
      ? [v(invariant, "WARNING", value, warning)]
      : []

const LIQUIDATION_INVARIANTS: ReadonlySet<Invariant> = new Set([
  "DRAWDOWN",
  "EQUITY_FLOOR",
  "TOTAL_NOTIONAL",
  "POSITION_COUNT"
])

/** Kill-switch reason for a set of critical violations (§8.1). */
export const killReasonFor = (criticals: ReadonlyArray<Violation>): KillReason => {
  if (criticals.every((c) => c.invariant === "MARGIN_UTILISATION")) return "MARGIN_CRITICAL"
  if (criticals.some((c) => c.invariant === "API_ERRORS")) return "API_ERROR"
  return criticals.some((c) => LIQUIDATION_INVARIANTS.has(c.invariant)) ? "LIQUIDATION_BREACH" : "DATA_FAILURE"
}

/** ≥ 2 CRITICAL → EMERGENCY; 1 → HALTED; ≥ 2 WARNING → DEGRADED; else ACTIVE (one warning is still ACTIVE). */
export const levelFor = (violations: ReadonlyArray<Violation>): SafetyLevel => {
  const criticals = violations.filter((x) => x.severity === "CRITICAL").length
  if (criticals >= 2) return "EMERGENCY"
  if (criticals === 1) return "HALTED"
  return violations.length >= 2 ? "DEGRADED" : "ACTIVE"
}

/** The invariant monitor's pure evaluation at the start of a tick (trading-core §8.1). */
export const evaluateInvariants = (snapshot: InvariantSnapshot, t: InvariantThresholds): InvariantReport => {
  const { equity } = snapshot
  const peak = nextPeak(snapshot.peakEquity, equity, t.peak_equity_min_increase_usd)
  const drawdown = drawdownOf(peak, equity)
  const implausible = drawdown.gt(t.implausible_drawdown_pct)
  if (implausible && !snapshot.equityConfirmed) return { _tag: "RereadEquity", drawdown }
  const peakStale = implausible && peak.gt(equity.times(2))

  const totalNotional = snapshot.positions.reduce((sum, p) => sum.plus(p.notional.abs()), equity.times(0))
  const count = snapshot.positions.length
  const utilisation = equity.gt(0) ? snapshot.marginUsed.div(equity) : undefined
  const violations: ReadonlyArray<Violation> = [
    ...(peakStale
      ? [v("STALE_PEAK", "WARNING", drawdown, t.implausible_drawdown_pct)]
      : tiered("DRAWDOWN", drawdown, t.max_drawdown_pct, t.degraded_drawdown_pct)),
    ...(t.min_equity_usd !== null && equity.lt(t.min_equity_usd)
      ? [v("EQUITY_FLOOR", "CRITICAL", equity, t.min_equity_usd)]
      : []),
    ...(totalNotional.gt(t.max_total_notional_usd)
      ? [v("TOTAL_NOTIONAL", "CRITICAL", totalNotional, t.max_total_notional_usd)]
      : []),
    ...(count > t.max_positions
      ? [v("POSITION_COUNT", "CRITICAL", count, t.max_positions)]
      : count > t.degraded_positions
        ? [v("POSITION_COUNT", "WARNING", count, t.degraded_positions)]
        : []),
    ...(utilisation === undefined
      ? snapshot.marginUsed.gt(0)
        ? [v("MARGIN_UTILISATION", "CRITICAL", snapshot.marginUsed, t.max_margin_utilization_pct)]
        : []
      : tiered("MARGIN_UTILISATION", utilisation, t.max_margin_utilization_pct, t.degraded_margin_utilization_pct)),
    ...snapshot.positions.flatMap((p) => {
      const share = equity.gt(0) ? p.notional.abs().div(equity) : undefined
      return share === undefined || share.gt(t.max_single_position_pct_equity)
        ? [v("SINGLE_POSITION", "WARNING", share ?? p.notional, t.max_single_position_pct_equity, p.key)]
        : []
    }),
    ...(snapshot.rejectedOrdersThisCycle > t.max_rejected_orders_per_cycle
      ? [v("REJECTED_ORDERS", "WARNING", snapshot.rejectedOrdersThisCycle, t.max_rejected_orders_per_cycle)]
      : []),
    ...(snapshot.apiErrorsLastMinute > t.max_api_errors_per_minute
      ? [v("API_ERRORS", "CRITICAL", snapshot.apiErrorsLastMinute, t.max_api_errors_per_minute)]
      : []),
    ...snapshot.nakedPositions.map((key) => v("NAKED_POSITION", "WARNING", 1, 0, key))
  ]
  const level = levelFor(violations)
  const criticals = violations.filter((x) => x.severity === "CRITICAL")
  return {
    _tag: "Evaluated",
    violations,
    level,
    ...(criticals.length > 0 ? { killReason: killReasonFor(criticals) } : {}),
    flatten: level === "EMERGENCY",
    peakEquity: peak,
    peakStale
  }
}
