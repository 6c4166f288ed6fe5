import { SqlClient } from "@effect/sql"
import { Clock, Context, Effect, Layer, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AccountState } from "../domain/AccountState.ts"
import { isTerminalState, type Position } from "../domain/Position.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import type { KillSwitchState } from "../safety/KillSwitch.ts"
import type { SafetyLevel } from "../safety/SafetyLevel.ts"
import { manualKill, resume, type SafetyRecord } from "../safety/SafetyRecord.ts"
import { SafetyStore, type SafetyStoreError } from "../safety/SafetyStore.ts"
import { AccountStateRepository } from "../storage/AccountStateRepository.ts"
import { DbInt } from "../storage/Columns.ts"
import { PositionRepository } from "../storage/PositionRepository.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"

/** What `trading status` shows: read from the database, so it answers whether or not a live process runs. */
export interface OperatorStatusReport {
  readonly now: EpochMillis
  readonly mode: "paper" | "live"
  readonly venue: "sim" | "kraken"
  readonly safety: SafetyRecord
  /** The latest account_state snapshot, if any was written. */
  readonly account: AccountState | undefined
  /** Non-terminal positions of the positions table, each with its stop. */
  readonly positions: ReadonlyArray<Position>
  /** Time of the newest tick_completed event. */
  readonly lastTickAt: EpochMillis | undefined
}

export interface KillRequest {
  /** Free text for the operator's record; the kill reason itself is always MANUAL. */
  readonly reason?: string | undefined
  /** Also close every position (the live process acts on it at its next tick). */
  readonly flatten: boolean
}

export interface KillResult {
  /** The switch was already latched: its first reason and time are kept (flatten may have been added). */
  readonly alreadyActive: boolean
  /** The switch was already latched without flatten and this kill added it: every position closes at the next tick. */
  readonly escalated: boolean
  readonly record: SafetyRecord
}

export interface ResumeResult {
  /** What was cleared; nothing when trading was not halted. */
  readonly previous: { readonly killSwitch: KillSwitchState; readonly level: SafetyLevel }
  readonly cleared: boolean
  readonly record: SafetyRecord
}

export const DEFAULT_KILL_DETAIL = "operator kill"

/**
 * The one command core behind the CLI (and any other transport, style §7): status, kill and resume over the
 * persisted safety record. Commands only write the record (and an event); the live process reads the record
 * every tick, so a kill from another process takes effect within one tick, and at the next start when none runs.
 */
export class Operator extends Context.Tag("operator/Operator")<
  Operator,
  {
    readonly status: Effect.Effect<OperatorStatusReport, SafetyStoreError>
    readonly kill: (request: KillRequest) => Effect.Effect<KillResult, SafetyStoreError>
    readonly resume: Effect.Effect<ResumeResult, SafetyStoreError>
  }
>() {
  /** Over the SafetyStore, the repositories and the SqlClient they share (record and event in one transaction). */
  static readonly layer = Layer.effect(
    Operator,
    Effect.gen(function* () {
      const config = yield* AppConfig
      const store = yield* SafetyStore
      const accounts = yield* AccountStateRepository
      const positions = yield* PositionRepository
      const events = yield* SystemEventRepository
      const sql = yield* SqlClient.SqlClient
      const lastTickRow = Schema.decodeUnknown(Schema.Array(Schema.Struct({ at: Schema.NullOr(DbInt) })))

      // MAX over the (event_type, timestamp) index: the repository's byType would read every tick ever recorded.
      const lastTickAt = sql`SELECT MAX(timestamp) AS at FROM system_events WHERE event_type = 'tick_completed'`.pipe(
        Effect.flatMap(lastTickRow),
        Effect.map((rows) => rows[0]?.at ?? undefined),
        Effect.orDie
      )

      /** The record change and its event commit together, or neither does. */
      const recorded = <A>(change: Effect.Effect<A, SafetyStoreError>, event: (a: A) => SystemEvent | undefined) =>
        sql
          .withTransaction(
            Effect.tap(change, (a) => {
              const e = event(a)
              return e === undefined ? Effect.void : events.append(e)
            })
          )
          .pipe(Effect.catchTag("SqlError", Effect.die))

      const status = Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const [safety, account, all, lastTick] = yield* Effect.all(
          [store.load, accounts.latest, positions.list, lastTickAt],
          { concurrency: "unbounded" }
        )
        const report: OperatorStatusReport = {
          now,
          mode: config.mode,
          venue: config.exchange.venue,
          safety,
          account: account._tag === "Some" ? account.value : undefined,
          positions: all.filter((p) => !isTerminalState(p.state)),
          lastTickAt: lastTick
        }
        return report
      }).pipe(Effect.withSpan("Operator.status"))

      const kill = tracedFn("Operator.kill")(function* (request: KillRequest) {
        const now = yield* Clock.currentTimeMillis
        const detail = request.reason?.trim() || DEFAULT_KILL_DETAIL
        // Seen inside the locked update, so it is the state this kill really replaced (not a racy pre-read).
        let alreadyActive = false
        let escalated = false
        const record = yield* recorded(
          store.update((current) => {
            alreadyActive = current.killSwitch._tag === "Active"
            escalated = current.killSwitch._tag === "Active" && !current.killSwitch.flatten && request.flatten
            return manualKill(current, { detail, flatten: request.flatten }, now)
          }),
          () =>
            SystemEvent.make({
              timestamp: now,
              eventType: "kill_switch_activated",
              details: { reason: "MANUAL", detail, flatten: request.flatten, source: "operator", alreadyActive }
            })
        )
        return { alreadyActive, escalated, record }
      })

      const resumeTrading = Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        let previous: ResumeResult["previous"] = { killSwitch: { _tag: "Inactive" }, level: "ACTIVE" }
        const record = yield* recorded(
          store.update((current) => {
            previous = { killSwitch: current.killSwitch, level: current.level }
            return resume(current, now)
          }),
          () =>
            needsResume(previous)
              ? SystemEvent.make({
                  timestamp: now,
                  eventType: "kill_switch_cleared",
                  details: {
                    source: "operator",
                    previousLevel: previous.level,
                    previousReason: previous.killSwitch._tag === "Active" ? previous.killSwitch.reason : null
                  }
                })
              : undefined
        )
        return { previous, cleared: needsResume(previous), record }
      }).pipe(Effect.withSpan("Operator.resume"))

      return Operator.of({ status, kill, resume: resumeTrading })
    })
  )
}

const needsResume = (previous: ResumeResult["previous"]): boolean =>
  previous.killSwitch._tag === "Active" || previous.level !== "ACTIVE"
