import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Option, Redacted } from "effect"
import { databaseLayer } from "../../src/storage/Database.ts"

const tempRoot = mkdtempSync(join(tmpdir(), "storage-db-test-"))
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }))

const build = (databaseUrl: Option.Option<string>, sqlitePath = ":memory:") =>
  Effect.scoped(Layer.build(databaseLayer({ databaseUrl: Option.map(databaseUrl, Redacted.make), sqlitePath }))).pipe(
    Effect.exit
  )

describe("databaseLayer", () => {
  it.effect("refuses another scheme, naming the scheme but never the URL", () =>
    Effect.gen(function* () {
      const exit = yield* build(Option.some("mysql://trader:hunter2@db.internal:3306/trading"))
      expect(Exit.isFailure(exit)).toBe(true)
      const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      const error = Option.getOrThrow(failure)
      expect(error._tag).toBe("UnsupportedDatabaseUrl")
      expect(error.message).toContain('"mysql"')
      expect(error.message).not.toContain("hunter2")
      expect(error.message).not.toContain("db.internal")
    })
  )

  it.effect("reports text without a scheme as having none", () =>
    Effect.gen(function* () {
      const exit = yield* build(Option.some("trader:hunter2@db.internal/trading"))
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      expect(Option.map(error, (e) => [e._tag, e.message.includes("hunter2")])).toEqual(
        Option.some(["UnsupportedDatabaseUrl", false])
      )
    })
  )

  it.effect("routes a postgresql:// URL to PostgreSQL", () =>
    Effect.gen(function* () {
      // Nothing listens on port 1: the connection error shows the PostgreSQL client was chosen
      const exit = yield* build(Option.some("postgresql://trader:hunter2@127.0.0.1:1/trading"))
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      expect(Option.map(error, (e) => e._tag)).toEqual(Option.some("SqlError"))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause).includes("hunter2")).toBe(false)
    })
  )

  it.effect("fails with a typed error when the SQLite folder cannot be created", () =>
    Effect.gen(function* () {
      const blocker = join(tempRoot, "a-file")
      writeFileSync(blocker, "")
      const exit = yield* build(Option.none(), join(blocker, "sub", "trading.db"))
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      expect(Option.map(error, (e) => e._tag)).toEqual(Option.some("SqliteDirectoryUnavailable"))
    })
  )

  it.effect("opens SQLite when no URL is given", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      expect(sql.onDialectOrElse({ sqlite: () => "sqlite", orElse: () => "other" })).toBe("sqlite")
    }).pipe(Effect.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" })))
  )
})
