import type { Decimal } from "../domain/Money.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { KillSwitchState } from "./KillSwitch.ts"

const DAY_MS = 86_400_000

/** `safety.auto_recovery.*` (safety.yaml). */
export interface AutoRecoveryParams {
  readonly enabled: boolean
  readonly min_wait_minutes: number
  readonly max_margin_utilization_pct: number
  readonly max_recoveries_per_day: number
}

export type AutoRecoveryDecision =
  | { readonly _tag: "Recover" }
  | {
      readonly _tag: "Wait"
      readonly reason:
        | "NOT_ACTIVE"
        | "DISABLED"
        | "NEEDS_OPERATOR"
        | "TOO_SOON"
        | "MARGIN_STILL_HIGH"
        | "DAILY_LIMIT_REACHED"
    }

export interface AutoRecoveryInput {
  readonly killSwitch: KillSwitchState
  readonly now: EpochMillis
  /** From a fresh account read. */
  readonly marginUsed: Decimal
  readonly equity: Decimal
  /** Persisted times of past auto-recoveries (any age; older than 24 h are ignored). */
  readonly recoveries: ReadonlyArray<EpochMillis>
}

/**
 * Auto-recovery (§8.6): only a MARGIN_CRITICAL halt clears itself, once the minimum wait has passed, margin use
 * is back under its threshold and fewer than the daily maximum of recoveries happened in the last 24 h. Every
 * other reason needs an operator.
 */
export const decideAutoRecovery = (input: AutoRecoveryInput, params: AutoRecoveryParams): AutoRecoveryDecision => {
  const wait = (reason: Extract<AutoRecoveryDecision, { _tag: "Wait" }>["reason"]): AutoRecoveryDecision => ({
    _tag: "Wait",
    reason
  })
  const ks = input.killSwitch
  if (ks._tag === "Inactive") return wait("NOT_ACTIVE")
  if (!params.enabled) return wait("DISABLED")
  if (ks.reason !== "MARGIN_CRITICAL") return wait("NEEDS_OPERATOR")
  if (input.now - ks.activatedAt < params.min_wait_minutes * 60_000) return wait("TOO_SOON")
  const utilisationOk = input.equity.gt(0) && input.marginUsed.div(input.equity).lt(params.max_margin_utilization_pct)
  if (!utilisationOk) return wait("MARGIN_STILL_HIGH")
  return recentRecoveries(input.recoveries, input.now).length >= params.max_recoveries_per_day
    ? wait("DAILY_LIMIT_REACHED")
    : { _tag: "Recover" }
}

/** Recoveries within the last 24 h. */
export const recentRecoveries = (
  recoveries: ReadonlyArray<EpochMillis>,
  now: EpochMillis
): ReadonlyArray<EpochMillis> => recoveries.filter((at) => at <= now && now - at < DAY_MS)

/** The list to persist after a recovery at `now` (pruned to the last 24 h). */
export const recordRecovery = (
  recoveries: ReadonlyArray<EpochMillis>,
  now: EpochMillis
): ReadonlyArray<EpochMillis> => [...recentRecoveries(recoveries, now), now]
