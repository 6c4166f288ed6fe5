import { Schema } from "effect"
import { DecimalFromString } from "../domain/Money.ts"
import { EpochMillis } from "../domain/Time.ts"
import { recordRecovery } from "./AutoRecovery.ts"
import type { InvariantReport } from "./InvariantMonitor.ts"
import { acknowledge, activate, inactive, KillSwitchState } from "./KillSwitch.ts"
import { SafetyLevel } from "./SafetyLevel.ts"

/**
 * The one persisted safety record (§11: one record, atomic reset instead of the original's three files): the
 * kill switch, the last decided level, the peak equity and the auto-recovery times. Commands (`kill`, `resume`)
 * and the monitor change it only through the pure transitions below, so clearing the halt and the switch is
 * one write.
 */
export class SafetyRecord extends Schema.Class<SafetyRecord>("SafetyRecord")({
  killSwitch: KillSwitchState,
  level: SafetyLevel,
  peakEquity: Schema.optional(DecimalFromString),
  recoveries: Schema.Array(EpochMillis),
  updatedAt: EpochMillis
}) {}

export const initialSafetyRecord = (now: EpochMillis): SafetyRecord =>
  SafetyRecord.make({ killSwitch: inactive, level: "ACTIVE", recoveries: [], updatedAt: now })

type Evaluated = Extract<InvariantReport, { _tag: "Evaluated" }>

/** Applies the monitor's verdict: the new peak and level; HALTED or EMERGENCY fire the kill switch. */
export const applyReport = (record: SafetyRecord, report: Evaluated, now: EpochMillis): SafetyRecord => {
  const criticals = report.violations.filter((v) => v.severity === "CRITICAL")
  const killSwitch =
    report.killReason === undefined
      ? record.killSwitch
      : activate(record.killSwitch, {
          reason: report.killReason,
          at: now,
          flatten: report.flatten,
          detail: criticals.map((v) => `${v.invariant} ${v.value} > ${v.limit}`).join("; ")
        })
  return SafetyRecord.make({
    ...record,
    killSwitch,
    level: report.level,
    peakEquity: report.peakEquity,
    updatedAt: now
  })
}

/** `trading kill [--reason TEXT] [--flatten]`. */
export const manualKill = (
  record: SafetyRecord,
  command: { readonly detail: string; readonly flatten: boolean },
  now: EpochMillis
): SafetyRecord =>
  SafetyRecord.make({
    ...record,
    killSwitch: activate(record.killSwitch, {
      reason: "MANUAL",
      at: now,
      flatten: command.flatten,
      detail: command.detail
    }),
    level: "HALTED",
    updatedAt: now
  })

/** `trading resume`: clears the kill switch and the halt together. */
export const resume = (record: SafetyRecord, now: EpochMillis): SafetyRecord =>
  SafetyRecord.make({ ...record, killSwitch: acknowledge(record.killSwitch), level: "ACTIVE", updatedAt: now })

/** An auto-recovery: `resume` plus the recovery time, so the daily limit survives a restart. */
export const autoRecover = (record: SafetyRecord, now: EpochMillis): SafetyRecord =>
  SafetyRecord.make({ ...resume(record, now), recoveries: recordRecovery(record.recoveries, now) })

/** Operator reset of a stale peak (the alert of the implausible-drawdown guard). */
export const resetPeak = (record: SafetyRecord, now: EpochMillis): SafetyRecord => {
  const { peakEquity: _dropped, ...rest } = record
  return SafetyRecord.make({ ...rest, updatedAt: now })
}
