import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import type { TestConfigPatch } from "../../src/config/TestConfig.ts"
import { type DatabaseSettings, databaseLayer } from "../../src/storage/Database.ts"

/**
 * One database seen by several "processes": each `connect()` opens its own client (its own SQLite connection or
 * PostgreSQL pool) on the same data, as a `trading kill` process and the live process would.
 */
export interface SharedDatabase {
  readonly settings: DatabaseSettings
  readonly connect: () => Layer.Layer<SqlClient.SqlClient, unknown>
  /** The configuration change that selects this database (for layers built from AppConfig). */
  readonly config: TestConfigPatch
}

const shared = (settings: DatabaseSettings, config: TestConfigPatch): SharedDatabase => ({
  settings,
  connect: () => databaseLayer(settings),
  config
})

/** A fresh SQLite file in a temp folder, removed with the scope. */
export const sharedSqliteFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "operator-test-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(
  Effect.map((dir) => {
    const sqlitePath = join(dir, "trading.db")
    return shared({ databaseUrl: Option.none(), sqlitePath }, { config: { storage: { sqlite_path: sqlitePath } } })
  })
)

/**
 * A private PostgreSQL schema on the server at `baseUrl`, dropped with the scope, selected for every client
 * through the connection's startup options (the approach of test/storage/Postgres.test.ts).
 */
export const sharedPostgresSchema = (baseUrl: string) =>
  Effect.gen(function* () {
    const schema = `operator_test_${process.pid}_${randomBytes(6).toString("hex")}`
    const admin = Context.get(
      yield* Layer.build(databaseLayer({ databaseUrl: Option.some(Redacted.make(baseUrl)), sqlitePath: "unused" })),
      SqlClient.SqlClient
    )
    yield* Effect.acquireRelease(admin.unsafe(`CREATE SCHEMA ${schema}`), () =>
      Effect.orDie(admin.unsafe(`DROP SCHEMA ${schema} CASCADE`))
    )
    const url = new URL(baseUrl)
    url.searchParams.set("options", `-c search_path=${schema}`)
    return shared(
      { databaseUrl: Option.some(Redacted.make(url.toString())), sqlitePath: "unused" },
      { env: { DATABASE_URL: url.toString() } }
    )
  })

export const postgresUrl = process.env.DATABASE_URL
