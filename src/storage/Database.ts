import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Duration, Effect, Layer, Option, Redacted, Schema, String as Str } from "effect"

/** DATABASE_URL names a database this system cannot use. Only the scheme is kept: the URL may hold a password. */
export class UnsupportedDatabaseUrl extends Schema.TaggedError<UnsupportedDatabaseUrl>()("UnsupportedDatabaseUrl", {
  scheme: Schema.String
}) {
  override get message() {
    return `DATABASE_URL has scheme "${this.scheme}": use a postgres:// or postgresql:// URL, or unset it for SQLite`
  }
}

/** The SQLite file's folder could not be created. */
export class SqliteDirectoryUnavailable extends Schema.TaggedError<SqliteDirectoryUnavailable>()(
  "SqliteDirectoryUnavailable",
  { directory: Schema.String, reason: Schema.String }
) {
  override get message() {
    return `cannot create the SQLite folder "${this.directory}": ${this.reason}`
  }
}

export interface DatabaseSettings {
  /** A postgres:// or postgresql:// URL selects PostgreSQL; none selects SQLite. */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** SQLite file (its folder is created), or ":memory:" for a private in-memory database. */
  readonly sqlitePath: string
}

/** The database the configuration names (`storage.database_url`, else the SQLite file `storage.sqlite_path`). */
export const databaseSettingsOf = (config: { readonly storage: DatabaseStorageConfig }): DatabaseSettings => ({
  databaseUrl: config.storage.database_url,
  sqlitePath: config.storage.sqlite_path
})

interface DatabaseStorageConfig {
  readonly database_url: DatabaseSettings["databaseUrl"]
  readonly sqlite_path: string
}

export type DatabaseError = UnsupportedDatabaseUrl | SqliteDirectoryUnavailable | SqlError

/** How long SQLite waits for another connection's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000

// Columns are snake_case in SQL and camelCase in rows, so row schemas line up with the domain's field names.
// JSON values (event details) are left alone: their keys are data, not column names.
const names = { transformQueryNames: Str.camelToSnake, transformResultNames: Str.snakeToCamel } as const

/** The scheme of a URL-like text, or a placeholder; never more of the text than the scheme. */
const schemeOf = (url: string): string => /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1]?.toLowerCase() ?? "(none)"

const isPostgres = (scheme: string) => scheme === "postgres" || scheme === "postgresql"

const ensureParentDirectory = (filename: string) =>
  filename === ":memory:"
    ? Effect.void
    : Effect.try({
        try: () => mkdirSync(dirname(filename), { recursive: true }),
        catch: (cause) =>
          new SqliteDirectoryUnavailable({
            directory: dirname(filename),
            reason: cause instanceof Error ? cause.message : String(cause)
          })
      })

/**
 * Prepared statements are kept until the cache's capacity evicts them, never dropped by age: the client's default
 * of 10 minutes is measured on Effect's Clock, which in a backtest is market time moving 15 minutes a tick, so
 * every statement was prepared again every tick. The SQL texts are a fixed, small set; SQLite re-prepares a
 * statement itself after a schema change.
 */
export const SQLITE_STATEMENT_CACHE = { prepareCacheTTL: Duration.infinity } as const

/** SQLite in WAL mode (readers never block the writer) with a busy timeout. */
const sqliteLayer = (filename: string) =>
  Layer.scoped(
    SqlClient.SqlClient,
    Effect.gen(function* () {
      yield* ensureParentDirectory(filename)
      const client = yield* SqliteClient.make({ filename, ...names, ...SQLITE_STATEMENT_CACHE })
      yield* client.unsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
      return client
    })
  ).pipe(Layer.provide(Reactivity.layer))

const postgresLayer = (url: Redacted.Redacted<string>) =>
  Layer.scoped(
    SqlClient.SqlClient,
    PgClient.make({ url, transformJson: false, applicationName: "trading-system", ...names })
  ).pipe(Layer.provide(Reactivity.layer))

/**
 * The SqlClient of the configured database: PostgreSQL for a postgres URL, otherwise the SQLite file.
 * Both clients map snake_case columns to camelCase row keys.
 */
export const databaseLayer = (settings: DatabaseSettings): Layer.Layer<SqlClient.SqlClient, DatabaseError> =>
  Option.match(settings.databaseUrl, {
    onNone: () => sqliteLayer(settings.sqlitePath),
    onSome: (url) => {
      const scheme = schemeOf(Redacted.value(url))
      return isPostgres(scheme) ? postgresLayer(url) : Layer.fail(new UnsupportedDatabaseUrl({ scheme }))
    }
  })
