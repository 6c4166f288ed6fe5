import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { databaseLayer, SQLITE_BUSY_TIMEOUT_MS } from "../../src/storage/Database.ts"
import { repositorySuite } from "./repositorySuite.ts"

const tempRoot = mkdtempSync(join(tmpdir(), "storage-test-"))
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }))

let files = 0
const fileDatabase = () => {
  files += 1
  return databaseLayer({
    databaseUrl: Option.none(),
    sqlitePath: join(tempRoot, `run-${files}`, "nested", "trading.db")
  })
}

describe("SQLite :memory:", () => {
  repositorySuite(() => databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
})

describe("SQLite file", () => {
  it.effect("creates the folder and opens the file in WAL mode with a busy timeout", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const [journal] = yield* sql<{ journalMode: string }>`PRAGMA journal_mode`
      const [busy] = yield* sql<{ timeout: number }>`PRAGMA busy_timeout`
      expect(journal?.journalMode).toBe("wal")
      expect(busy?.timeout).toBe(SQLITE_BUSY_TIMEOUT_MS)
    }).pipe(Effect.provide(fileDatabase()))
  )

  repositorySuite(fileDatabase)
})
