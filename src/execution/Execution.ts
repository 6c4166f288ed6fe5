import { Effect, Layer, type Scope } from "effect"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import * as ExecutorModule from "./Executor.ts"
import { Executor, type ExecutorSettings } from "./Executor.ts"
import type { IntentRecoveryReport } from "./IntentRecovery.ts"
import type { MachineRules } from "./ManagedPosition.ts"
import type { UpkeepReport } from "./OrderUpkeep.ts"
import * as Registry from "./PositionRegistry.ts"
import * as Protection from "./ProtectionService.ts"
import { type ProtectionReport, ProtectionService, type ProtectionSettings } from "./ProtectionService.ts"
import * as ReconcilerModule from "./Reconciler.ts"
import { type ReconcileReport, Reconciler, type ReconcilerSettings } from "./Reconciler.ts"

export interface ExecutionSettings {
  /** The registry's SQLite file (`storage.positions_db_path`). */
  readonly registryFile: string
  /** The machine's rules (DEFAULT_RULES when absent), held by the registry: every service below reads them there. */
  readonly rules?: MachineRules
  readonly executor?: Partial<ExecutorSettings>
  readonly reconciler?: Partial<ReconcilerSettings>
  readonly protection?: Partial<ProtectionSettings>
}

/**
 * Every execution service on the registry file: PositionRegistry, Executor, Reconciler and ProtectionService.
 * Needs the venue, the trade and event repositories and the safety store.
 */
export const executionLayer = (settings: ExecutionSettings) =>
  Layer.mergeAll(ReconcilerModule.layer(settings.reconciler), Protection.layer(settings.protection)).pipe(
    Layer.provideMerge(ExecutorModule.layer(settings.executor)),
    Layer.provideMerge(
      Registry.layer({
        filename: settings.registryFile,
        ...(settings.rules === undefined ? {} : { rules: settings.rules })
      })
    )
  )

export interface ExecutionStarted {
  readonly intents: IntentRecoveryReport
  readonly takeover: ReconcileReport
}

/**
 * The start-up order (trading-core §7.1, §7.4): route venue events first (nothing is missed), resolve every
 * intent left by the last run before anything is sent, take over what the exchange holds, then watch
 * protection in the background. The fibers live in the caller's scope.
 */
export const startExecution: Effect.Effect<
  ExecutionStarted,
  QueryError,
  Executor | Reconciler | ProtectionService | Scope.Scope
> = Effect.gen(function* () {
  const executor = yield* Executor
  yield* executor.eventRouter
  const intents = yield* executor.recoverIntents
  const takeover = yield* Effect.flatMap(Reconciler, (r) => r.takeover)
  yield* Effect.flatMap(ProtectionService, (p) => p.monitor)
  return { intents, takeover }
})

export interface ExecutionTick {
  readonly reconcile: ReconcileReport
  readonly upkeep: UpkeepReport
  readonly protection: ProtectionReport
}

/**
 * The execution part of a tick after entries and exits: settle answers, reconcile, look after orders (resend
 * unanswered cancels, re-place missing take profits), then enforce protection.
 */
export const executionTick: Effect.Effect<ExecutionTick, QueryError, Executor | Reconciler | ProtectionService> =
  Effect.gen(function* () {
    yield* Effect.flatMap(Executor, (e) => e.settle)
    const reconcile = yield* Effect.flatMap(Reconciler, (r) => r.reconcile)
    const upkeep = yield* Effect.flatMap(Executor, (e) => e.upkeep)
    const protection = yield* Effect.flatMap(ProtectionService, (p) => p.check)
    return { reconcile, upkeep, protection }
  })
