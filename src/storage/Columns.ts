import type { SqlClient } from "@effect/sql"
import { Option, Schema } from "effect"

/**
 * Column types per dialect, chosen so every value round-trips exactly:
 * - money (decimal.js amounts): NUMERIC on PostgreSQL (arbitrary precision, summable in SQL); TEXT on SQLite,
 *   whose NUMERIC affinity would turn "0.1" into a binary double. Both hand back the plain decimal string.
 * - float (candle OHLCV, float64 in the domain): DOUBLE PRECISION / REAL are IEEE doubles, so every float64
 *   survives; the original's NUMERIC(20,8) would round prices of coins that trade below 1e-4.
 * - time: BIGINT epoch milliseconds, UTC, on both.
 * - bool: BOOLEAN on PostgreSQL; INTEGER 0/1 on SQLite, which has no boolean and cannot bind one.
 * - json: JSONB on PostgreSQL; TEXT holding JSON on SQLite.
 * - serial: an auto-increment surrogate key, only used to order rows that share a timestamp.
 */
export const columnTypes = (sql: SqlClient.SqlClient) =>
  sql.onDialectOrElse({
    pg: () => ({
      money: sql.literal("NUMERIC"),
      float: sql.literal("DOUBLE PRECISION"),
      bool: sql.literal("BOOLEAN"),
      json: sql.literal("JSONB"),
      serial: sql.literal("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    }),
    orElse: () => ({
      money: sql.literal("TEXT"),
      float: sql.literal("REAL"),
      bool: sql.literal("INTEGER"),
      json: sql.literal("TEXT"),
      serial: sql.literal("INTEGER PRIMARY KEY AUTOINCREMENT")
    })
  })

/** A BIGINT column: node-postgres returns int8 as text (it may exceed 2^53); epoch milliseconds never do. */
export const DbInt = Schema.Union(Schema.Int, Schema.NumberFromString.pipe(Schema.int()))

/** A boolean column: written as 0/1 (SQLite cannot bind booleans; PostgreSQL reads '1' as true), read as either. */
export const DbBoolean = Schema.Union(
  Schema.transform(Schema.Literal(0, 1), Schema.Boolean, {
    strict: true,
    decode: (n) => n === 1,
    encode: (b) => (b ? 1 : 0)
  }),
  Schema.Boolean
)

/** A JSON column: written as JSON text, read as text (SQLite) or an already parsed value (PostgreSQL JSONB). */
export const DbJson = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.Union(Schema.parseJson(schema), schema)

/** A nullable column for an optional field: NULL reads as an absent field and an absent field writes NULL. */
export const DbNullable = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.requiredToOptional(Schema.NullOr(schema), Schema.typeSchema(schema), {
    decode: Option.fromNullable,
    encode: Option.getOrNull
  })

/** The row of a `SELECT COUNT(*) AS n` (PostgreSQL's count is a BIGINT). */
export const CountRow = Schema.Struct({ n: DbInt })

/** A half-open time window [from, to) in epoch milliseconds. */
export interface TimeRange {
  readonly from: number
  readonly to: number
}
