import type { EpochMillis } from "../domain/Time.ts"
import type { SafetyRecord } from "./SafetyRecord.ts"

/** `safety.cycle_guard.*` (safety.yaml). */
export interface CycleGuardParams {
  readonly min_cycle_interval_seconds: number
  readonly max_cycle_duration_seconds: number
  readonly max_candle_age_seconds: number
  readonly max_clock_skew_seconds: number
}

export interface PreTickInput {
  readonly now: EpochMillis
  readonly safety: SafetyRecord
  /** Start of the previous cycle, if any. */
  readonly lastCycleStartedAt?: EpochMillis | undefined
  /** Start of a cycle still running, if any. */
  readonly runningSince?: EpochMillis | undefined
  /** Time of the newest market data the tick would act on. */
  readonly newestDataAt?: EpochMillis | undefined
}

export type PreTickDecision =
  | { readonly _tag: "Allow"; readonly forceEndedRunningCycle: boolean }
  | { readonly _tag: "SkipTick"; readonly reason: "OVERLAP" | "TOO_SOON" | "NO_DATA" | "STALE_DATA" | "CLOCK_SKEW" }
  | { readonly _tag: "Halt" }

/**
 * The hardening gate before each tick (§8.2): HALT while the persisted record is halted or the kill switch is
 * active; skip overlapping or too-frequent cycles and ticks on stale or future-dated data; a cycle running past
 * its maximum duration is force-ended (the caller interrupts it) and the new one allowed.
 */
export const preTickCheck = (input: PreTickInput, p: CycleGuardParams): PreTickDecision => {
  const { now, safety } = input
  if (safety.killSwitch._tag === "Active" || safety.level === "HALTED" || safety.level === "EMERGENCY") {
    return { _tag: "Halt" }
  }
  const skip = (reason: Extract<PreTickDecision, { _tag: "SkipTick" }>["reason"]): PreTickDecision => ({
    _tag: "SkipTick",
    reason
  })
  const overran = input.runningSince !== undefined && now - input.runningSince > p.max_cycle_duration_seconds * 1000
  if (input.runningSince !== undefined && !overran) return skip("OVERLAP")
  if (
    !overran &&
    input.lastCycleStartedAt !== undefined &&
    now - input.lastCycleStartedAt < p.min_cycle_interval_seconds * 1000
  ) {
    return skip("TOO_SOON")
  }
  if (input.newestDataAt === undefined) return skip("NO_DATA")
  if (input.newestDataAt - now > p.max_clock_skew_seconds * 1000) return skip("CLOCK_SKEW")
  if (now - input.newestDataAt > p.max_candle_age_seconds * 1000) return skip("STALE_DATA")
  return { _tag: "Allow", forceEndedRunningCycle: overran }
}
