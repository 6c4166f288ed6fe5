import { SqlClient } from "@effect/sql"
import { Clock, Effect, Either, Layer, Schema } from "effect"
import type { EpochMillis } from "../domain/Time.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { runMigrations } from "../storage/Migrations.ts"
import { activate, inactive } from "./KillSwitch.ts"
import { initialSafetyRecord, SafetyRecord } from "./SafetyRecord.ts"
import { SafetyStore, SafetyStoreError } from "./SafetyStore.ts"

const RecordJson = Schema.parseJson(SafetyRecord)
const encodeRecord = Schema.encode(RecordJson)

/**
 * A stored record that does not decode (§8.4): the kill switch active with DATA_FAILURE and trading halted, so a
 * corrupt row never silently re-enables trading. Peak and recoveries are dropped: they cannot be trusted either.
 */
export const unreadableRecord = (detail: string, now: EpochMillis): SafetyRecord =>
  SafetyRecord.make({
    killSwitch: activate(inactive, {
      reason: "DATA_FAILURE",
      at: now,
      flatten: false,
      detail: `unreadable safety record: ${detail}`
    }),
    level: "HALTED",
    recoveries: [],
    updatedAt: now
  })

/** The record of the stored JSON text: none yet → a fresh record; unreadable → `unreadableRecord`. */
export const recordFromText = (text: string | undefined, now: EpochMillis): SafetyRecord =>
  text === undefined
    ? initialSafetyRecord(now)
    : Either.getOrElse(Schema.decodeUnknownEither(RecordJson)(text), (error) => unreadableRecord(error.message, now))

const failWith = (operation: "load" | "save") => (error: { readonly message: string }) =>
  new SafetyStoreError({ operation, detail: error.message })

/**
 * The SafetyStore over the one-row safety_state table. `update` runs in one transaction that first writes
 * (insert-if-missing), so SQLite takes its write lock before reading (BEGIN IMMEDIATE semantics, waiting up to
 * the busy timeout), and PostgreSQL reads the row FOR UPDATE: a `trading kill` process and the live process
 * never lose each other's update.
 */
export const makeSqlSafetyStore = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const lock = sql.onDialectOrElse({ pg: () => sql.literal("FOR UPDATE"), orElse: () => sql.literal("") })
  const storedText = (locked: boolean) =>
    Effect.map(
      sql<{ readonly record: string }>`SELECT record FROM safety_state WHERE id = 1 ${locked ? lock : sql.literal("")}`,
      (rows) => rows[0]?.record
    )

  const load = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    return recordFromText(yield* storedText(false), now)
  }).pipe(Effect.mapError(failWith("load")), Effect.withSpan("SqlSafetyStore.load"))

  const update = tracedFn("SqlSafetyStore.update")(
    function* (f: (record: SafetyRecord) => SafetyRecord) {
      const now = yield* Clock.currentTimeMillis
      const initial = yield* encodeRecord(initialSafetyRecord(now))
      yield* sql`INSERT INTO safety_state (id, record, updated_at) VALUES (1, ${initial}, ${now})
        ON CONFLICT (id) DO NOTHING`
      const next = f(recordFromText(yield* storedText(true), now))
      const text = yield* encodeRecord(next)
      yield* sql`UPDATE safety_state SET record = ${text}, updated_at = ${next.updatedAt} WHERE id = 1`
      return next
    },
    sql.withTransaction,
    Effect.mapError(failWith("save"))
  )

  return SafetyStore.of({ load, update })
})

/** The SQL SafetyStore over the SqlClient in context, after applying pending migrations (idempotent). */
export const SqlSafetyStoreLive = Layer.effect(SafetyStore, makeSqlSafetyStore).pipe(
  Layer.provide(Layer.effectDiscard(runMigrations))
)
