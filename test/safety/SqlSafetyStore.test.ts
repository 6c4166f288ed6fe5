import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, type Scope, TestClock } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { manualKill, resume, SafetyRecord } from "../../src/safety/SafetyRecord.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { postgresUrl, type SharedDatabase, sharedPostgresSchema, sharedSqliteFile } from "../operator/databases.ts"

const T0 = Date.UTC(2026, 0, 5, 12)

/** A "process": its own client on the shared database, with the SQL store over it. */
const connect = (db: SharedDatabase) =>
  Effect.map(Layer.build(SqlSafetyStoreLive.pipe(Layer.provideMerge(db.connect()))), (context) => ({
    store: Context.get(context, SafetyStore),
    sql: Context.get(context, SqlClient.SqlClient)
  }))

/** Appends one marker to `recoveries`: an update whose loss a final count would show. */
const mark = (n: number) => (record: SafetyRecord) =>
  SafetyRecord.make({ ...record, recoveries: [...record.recoveries, n] })

const suite = (
  database: Effect.Effect<SharedDatabase, unknown, Scope.Scope>,
  options: { readonly crossProcessConcurrency: boolean }
) => {
  it.scoped("a missing record loads as a fresh one without writing it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const { store, sql } = yield* connect(yield* database)
      const record = yield* store.load
      expect(record.killSwitch).toEqual({ _tag: "Inactive" })
      expect(record.level).toBe("ACTIVE")
      expect(record.updatedAt).toBe(T0)
      expect(yield* sql`SELECT id FROM safety_state`).toEqual([])
    })
  )

  it.scoped("a kill written by one process is seen by another, and so is the resume", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const db = yield* database
      const live = yield* connect(db)
      const cli = yield* connect(db)
      yield* live.store.update((r) =>
        SafetyRecord.make({ ...r, peakEquity: new Decimal("10250.125"), recoveries: [T0] })
      )
      yield* cli.store.update((r) => manualKill(r, { detail: "operator", flatten: true }, T0 + 1000))
      const seen = yield* live.store.load
      expect(seen.killSwitch).toEqual({
        _tag: "Active",
        reason: "MANUAL",
        activatedAt: T0 + 1000,
        flatten: true,
        detail: "operator"
      })
      expect(seen.level).toBe("HALTED")
      expect(seen.peakEquity?.toString()).toBe("10250.125")
      expect(seen.recoveries).toEqual([T0])
      yield* live.store.update((r) => resume(r, T0 + 2000))
      const resumed = yield* cli.store.load
      expect(resumed.killSwitch._tag).toBe("Inactive")
      expect(resumed.level).toBe("ACTIVE")
      expect(resumed.updatedAt).toBe(T0 + 2000)
    })
  )

  it.scoped("an unreadable record loads as an active DATA_FAILURE switch; resume writes a sound one", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const { store, sql } = yield* connect(yield* database)
      yield* store.update((r) => r)
      for (const garbage of ["{not json", JSON.stringify({ killSwitch: { _tag: "Inactive" }, level: "ON" })]) {
        yield* sql`UPDATE safety_state SET record = ${garbage} WHERE id = 1`
        const record = yield* store.load
        expect(record.level).toBe("HALTED")
        expect(record.killSwitch).toMatchObject({ _tag: "Active", reason: "DATA_FAILURE", activatedAt: T0 })
        expect(record.killSwitch._tag === "Active" && record.killSwitch.detail).toMatch(/^unreadable safety record/)
      }
      yield* store.update((r) => resume(r, T0 + 5))
      expect((yield* store.load).killSwitch._tag).toBe("Inactive")
    })
  )

  it.scoped("concurrent updates on one client are all kept", () =>
    Effect.gen(function* () {
      const { store } = yield* connect(yield* database)
      yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) => store.update(mark(i)),
        { concurrency: "unbounded" }
      )
      expect([...(yield* store.load).recoveries].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    })
  )

  if (options.crossProcessConcurrency) {
    it.scoped("concurrent updates from two clients never lose one (row lock)", () =>
      Effect.gen(function* () {
        const db = yield* database
        const a = yield* connect(db)
        const b = yield* connect(db)
        const ids = Array.from({ length: 30 }, (_, i) => i)
        yield* Effect.forEach(ids, (i) => (i % 2 === 0 ? a : b).store.update(mark(i)), { concurrency: "unbounded" })
        expect([...(yield* a.store.load).recoveries].sort((x, y) => x - y)).toEqual(ids)
      })
    )
  }
}

// Two SQLite connections in one Node process cannot interleave transactions (better-sqlite3 waits for the lock
// synchronously, blocking the holder); cross-process concurrency on SQLite is covered in test/operator.
describe("SqlSafetyStore on a SQLite file", () => {
  suite(sharedSqliteFile, { crossProcessConcurrency: false })
})

describe.skipIf(postgresUrl === undefined)(
  postgresUrl === undefined ? "SqlSafetyStore on PostgreSQL: DATABASE_URL not set" : "SqlSafetyStore on PostgreSQL",
  () => {
    suite(sharedPostgresSchema(postgresUrl ?? ""), { crossProcessConcurrency: true })
  }
)
