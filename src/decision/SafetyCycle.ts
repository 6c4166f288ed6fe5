import { Duration, Effect } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { AccountState } from "../domain/AccountState.ts"
import type { Decimal } from "../domain/Money.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import {
  type AutoRecoveryDecision,
  type AutoRecoveryParams,
  decideAutoRecovery,
  recentRecoveries
} from "../safety/AutoRecovery.ts"
import { evaluateInvariants, type InvariantThresholds, type Violation } from "../safety/InvariantMonitor.ts"
import { settleEquity } from "../safety/PeakEquity.ts"
import { applyReport, autoRecover, type SafetyRecord } from "../safety/SafetyRecord.ts"
import { SafetyStore } from "../safety/SafetyStore.ts"
import type { EntryBlock } from "./DecisionRejection.ts"
import type { Exposure } from "./Exposure.ts"

export interface SafetyParams {
  readonly invariants: InvariantThresholds
  readonly autoRecovery: AutoRecoveryParams
}

export const safetyParamsFromConfig = (config: AppConfigShape): SafetyParams => ({
  invariants: config.safety.invariants,
  autoRecovery: config.safety.auto_recovery
})

/** What the monitor reads at the start of a tick (§8.1), from a fresh account and position read. */
export interface SafetyCycleInput {
  readonly now: EpochMillis
  readonly account: AccountState
  /** Exchange positions (see `exposureOf`). */
  readonly positions: ReadonlyArray<Exposure>
  readonly rejectedOrdersThisCycle: number
  readonly apiErrorsLastMinute: number
  /** Positions the protection service found without a live stop. */
  readonly nakedPositions: ReadonlyArray<SymbolKey>
  /**
   * True when `account.equity` is the settled value of two fresh reads (`settleEquity`) after a verdict asked for
   * `needsEquityConfirmation`.
   */
  readonly equityConfirmed?: boolean | undefined
}

/** The pure part: one safety cycle applied to the persisted record. */
export interface SafetyStep {
  readonly record: SafetyRecord
  /** Present when the kill switch was active at the start of the cycle. */
  readonly recovery?: AutoRecoveryDecision
  readonly violations: ReadonlyArray<Violation>
  readonly needsEquityConfirmation: boolean
  readonly peakStale: boolean
}

/**
 * One cycle of the safety layer over the persisted record (§8.1, §8.6): an active kill switch first tries the
 * auto-recovery (MARGIN_CRITICAL only, after the wait, under the margin threshold, within the daily limit) and
 * otherwise holds without evaluating; a clear record is evaluated by the invariant monitor, whose verdict sets the
 * level and the peak and, on a CRITICAL violation, latches the kill switch. An implausible drawdown changes
 * nothing until the caller confirms the equity.
 */
export const safetyStep = (record: SafetyRecord, input: SafetyCycleInput, params: SafetyParams): SafetyStep => {
  const { now, account } = input
  const unchanged = { violations: [], needsEquityConfirmation: false, peakStale: false }
  let current = record
  let recovery: AutoRecoveryDecision | undefined
  if (current.killSwitch._tag === "Active") {
    recovery = decideAutoRecovery(
      {
        killSwitch: current.killSwitch,
        now,
        marginUsed: account.marginUsed,
        equity: account.equity,
        recoveries: current.recoveries
      },
      params.autoRecovery
    )
    if (recovery._tag === "Wait") return { record: current, recovery, ...unchanged }
    current = autoRecover(current, now)
  }
  const withRecovery = recovery === undefined ? {} : { recovery }
  const report = evaluateInvariants(
    {
      equity: account.equity,
      peakEquity: current.peakEquity,
      positions: input.positions,
      marginUsed: account.marginUsed,
      rejectedOrdersThisCycle: input.rejectedOrdersThisCycle,
      apiErrorsLastMinute: input.apiErrorsLastMinute,
      nakedPositions: input.nakedPositions,
      equityConfirmed: input.equityConfirmed ?? false
    },
    params.invariants
  )
  if (report._tag === "RereadEquity") {
    return { record: current, ...withRecovery, ...unchanged, needsEquityConfirmation: true }
  }
  return {
    record: applyReport(current, report, now),
    ...withRecovery,
    violations: report.violations,
    needsEquityConfirmation: false,
    peakStale: report.peakStale
  }
}

/** Why entries are blocked after the cycle, if they are. */
export const entryBlockOf = (step: SafetyStep): EntryBlock | undefined => {
  if (step.needsEquityConfirmation) return "EQUITY_UNCONFIRMED"
  if (step.record.killSwitch._tag === "Active") return "KILL_SWITCH"
  switch (step.record.level) {
    case "ACTIVE":
      return undefined
    case "DEGRADED":
      return "SAFETY_DEGRADED"
    case "HALTED":
      return "SAFETY_HALTED"
    case "EMERGENCY":
      return "SAFETY_EMERGENCY"
  }
}

const violationText = (v: Violation) =>
  `${v.severity} ${v.invariant}${v.symbol === undefined ? "" : ` ${v.symbol}`} ${v.value} > ${v.limit}`

/** Events of the transitions between the record before and after the cycle (nothing when nothing changed). */
export const safetyEvents = (before: SafetyRecord, step: SafetyStep, now: EpochMillis): ReadonlyArray<SystemEvent> => {
  const after = step.record
  const event = (eventType: SystemEvent["eventType"], details: SystemEvent["details"]) =>
    SystemEvent.make({ timestamp: now, eventType, details })
  const events: Array<SystemEvent> = []
  const recovered = step.recovery?._tag === "Recover"
  if (recovered && before.killSwitch._tag === "Active") {
    events.push(
      event("kill_switch_cleared", {
        source: "auto_recovery",
        previousReason: before.killSwitch.reason,
        recoveriesLast24h: recentRecoveries(after.recoveries, now).length
      })
    )
  }
  // Latched by this cycle's verdict: the switch was clear before it (or cleared by the recovery just now).
  if (after.killSwitch._tag === "Active" && (before.killSwitch._tag === "Inactive" || recovered)) {
    for (const v of step.violations.filter((x) => x.severity === "CRITICAL")) {
      events.push(event("invariant_violation", { ...v }))
    }
    const { reason, flatten, detail } = after.killSwitch
    events.push(event("kill_switch_activated", { source: "invariant_monitor", reason, flatten, detail }))
  }
  if (before.level !== after.level) {
    events.push(
      event("safety_state_changed", {
        from: before.level,
        to: after.level,
        violations: step.violations.map(violationText)
      })
    )
  }
  return events
}

/** The outcome of `safetyCycle` for the tick. */
export interface SafetyVerdict extends SafetyStep {
  readonly entriesAllowed: boolean
  readonly entryBlock?: EntryBlock
  /** The switch is active and asks for every position to be closed (EMERGENCY, or `trading kill --flatten`). */
  readonly flatten: boolean
  /** Transition events, ready to append to system_events. */
  readonly events: ReadonlyArray<SystemEvent>
}

/**
 * The safety cycle of a tick over the persisted record: `safetyStep` applied inside one `SafetyStore.update`, so
 * an operator `kill` or `resume` from another process is never lost between the read and the write.
 */
export const safetyCycle = tracedFn("Decision.safetyCycle")(function* (input: SafetyCycleInput, params: SafetyParams) {
  const store = yield* SafetyStore
  const seen: { before?: SafetyRecord; step?: SafetyStep } = {}
  yield* store.update((record) => {
    const step = safetyStep(record, input, params)
    seen.before = record
    seen.step = step
    return step.record
  })
  const { before, step } = seen
  if (before === undefined || step === undefined)
    return yield* Effect.dieMessage("SafetyStore.update did not apply the safety step")
  const entryBlock = entryBlockOf(step)
  const verdict: SafetyVerdict = {
    ...step,
    entriesAllowed: entryBlock === undefined,
    ...(entryBlock === undefined ? {} : { entryBlock }),
    flatten: step.record.killSwitch._tag === "Active" && step.record.killSwitch.flatten,
    events: safetyEvents(before, step, input.now)
  }
  return verdict
})

const REREAD_INTERVAL = Duration.seconds(2)

/**
 * `safetyCycle` with the implausible-drawdown confirmation of §8.1 done in place: when the verdict asks for it,
 * equity is read twice 2 s apart (`readEquity`, a fresh account read), settled (`settleEquity`: the average when
 * the reads agree, else the lower) and the cycle runs again on the confirmed value. Events of both runs are kept.
 */
export const confirmedSafetyCycle = <E, R>(
  input: SafetyCycleInput,
  params: SafetyParams,
  readEquity: Effect.Effect<Decimal, E, R>
) =>
  Effect.gen(function* () {
    const first = yield* safetyCycle(input, params)
    if (!first.needsEquityConfirmation) return first
    const firstRead = yield* readEquity
    yield* Effect.sleep(REREAD_INTERVAL)
    const equity = settleEquity(firstRead, yield* readEquity)
    const account = new AccountState({ ...input.account, equity })
    const second = yield* safetyCycle({ ...input, account, equityConfirmed: true }, params)
    const verdict: SafetyVerdict = { ...second, events: [...first.events, ...second.events] }
    return verdict
  })
