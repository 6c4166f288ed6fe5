import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import * as Reactivity from "@effect/experimental/Reactivity"
import type { SqlError } from "@effect/sql/SqlError"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, Schema, type Scope } from "effect"
import { SQLITE_STATEMENT_CACHE } from "../storage/Database.ts"

/** The registry's own file, apart from the main database (trading-core §5.10). */
export const DEFAULT_REGISTRY_PATH = "data/positions.db"

/** The registry file's folder could not be created. */
export class RegistryDirectoryUnavailable extends Schema.TaggedError<RegistryDirectoryUnavailable>()(
  "RegistryDirectoryUnavailable",
  { directory: Schema.String, reason: Schema.String }
) {
  override get message() {
    return `cannot create the position registry folder "${this.directory}": ${this.reason}`
  }
}

// Version 1. Records are stored whole as JSON (nothing of a position is left unpersisted, §5.10); the key
// columns serve lookups, and the partial unique index makes invariant A a constraint of the file itself.
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS positions (
    position_id TEXT PRIMARY KEY,
    symbol_key TEXT NOT NULL,
    state TEXT NOT NULL,
    terminal INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  "CREATE UNIQUE INDEX IF NOT EXISTS positions_one_active_per_key ON positions (symbol_key) WHERE terminal = 0",
  `CREATE TABLE IF NOT EXISTS position_events (
    position_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (position_id, event_id)
  )`,
  `CREATE TABLE IF NOT EXISTS order_intents (
    client_order_id TEXT PRIMARY KEY,
    position_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    order_id TEXT,
    status TEXT NOT NULL,
    intent TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS order_intents_by_status ON order_intents (status)",
  "CREATE INDEX IF NOT EXISTS order_intents_by_order_id ON order_intents (order_id)"
]

const ensureFolder = (filename: string) =>
  filename === ":memory:"
    ? Effect.void
    : Effect.try({
        try: () => mkdirSync(dirname(filename), { recursive: true }),
        catch: (cause) =>
          new RegistryDirectoryUnavailable({
            directory: dirname(filename),
            reason: cause instanceof Error ? cause.message : String(cause)
          })
      })

/**
 * A private SQLite client on the registry file: WAL (the client's default) with synchronous FULL, so a
 * committed transaction survives a power loss, not only a process crash. It is never put in the context as
 * the application's SqlClient, which may be PostgreSQL.
 */
export const openRegistryDatabase = (
  filename: string
): Effect.Effect<SqliteClient.SqliteClient, RegistryDirectoryUnavailable | SqlError, Scope.Scope> =>
  Effect.gen(function* () {
    yield* ensureFolder(filename)
    const sql = yield* SqliteClient.make({ filename, ...SQLITE_STATEMENT_CACHE })
    yield* sql.unsafe("PRAGMA synchronous = FULL")
    yield* sql.unsafe("PRAGMA busy_timeout = 5000")
    yield* sql.withTransaction(Effect.forEach(SCHEMA, (statement) => sql.unsafe(statement), { discard: true }))
    return sql
  }).pipe(Effect.provide(Reactivity.layer))
