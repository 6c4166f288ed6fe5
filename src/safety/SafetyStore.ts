import { Context, Effect, Layer, Ref, Schema } from "effect"
import type { EpochMillis } from "../domain/Time.ts"
import { initialSafetyRecord, type SafetyRecord } from "./SafetyRecord.ts"

/** The safety record could not be read or written. Unwritable safety state must stop trading (§8.4). */
export class SafetyStoreError extends Schema.TaggedError<SafetyStoreError>()("SafetyStoreError", {
  operation: Schema.Literal("load", "save"),
  detail: Schema.String
}) {
  override get message() {
    return `safety record ${this.operation} failed: ${this.detail}`
  }
}

/**
 * Persistence port of the safety record, agnostic of the store (a SQL table, a file). `update` applies one pure
 * transition atomically, so a `resume` racing a monitor verdict can never leave the halt and the kill switch out
 * of step. A missing record loads as `initialSafetyRecord`; an unreadable one is the adapter's to report as
 * an active DATA_FAILURE switch (`decodeKillSwitch`).
 */
export class SafetyStore extends Context.Tag("SafetyStore")<
  SafetyStore,
  {
    readonly load: Effect.Effect<SafetyRecord, SafetyStoreError>
    readonly update: (f: (record: SafetyRecord) => SafetyRecord) => Effect.Effect<SafetyRecord, SafetyStoreError>
  }
>() {
  /** In memory, for tests and backtests: starts from `initial` (a fresh record by default). */
  static readonly memory = (options: { readonly now: EpochMillis; readonly initial?: SafetyRecord }) =>
    Layer.effect(
      SafetyStore,
      Effect.map(Ref.make(options.initial ?? initialSafetyRecord(options.now)), (ref) => ({
        load: Ref.get(ref),
        update: (f: (record: SafetyRecord) => SafetyRecord) => Ref.updateAndGet(ref, f)
      }))
    )
}
