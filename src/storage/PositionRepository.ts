import { SqlClient, SqlSchema } from "@effect/sql"
import { Context, Effect, Layer, type Option, Schema } from "effect"
import { Position } from "../domain/Position.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { DbBoolean, DbInt, DbNullable } from "./Columns.ts"

const text = Schema.String
const optionalText = DbNullable(Schema.String)

const PositionRow = Schema.Struct({
  positionId: text,
  symbol: text,
  futuresSymbol: text,
  side: text,
  state: text,
  size: text,
  originalSize: text,
  sizeNotional: text,
  entryPrice: text,
  currentMarkPrice: optionalText,
  liquidationPrice: optionalText,
  unrealizedPnl: text,
  leverage: text,
  marginUsed: text,
  initialStopPrice: text,
  stopPrice: text,
  tp1Price: optionalText,
  tp2Price: optionalText,
  finalTargetPrice: optionalText,
  entryOrderId: optionalText,
  entryClientOrderId: optionalText,
  stopOrderId: optionalText,
  stopClientOrderId: optionalText,
  tp1OrderId: optionalText,
  tp2OrderId: optionalText,
  fundingAccrued: text,
  tp1Filled: DbBoolean,
  tp2Filled: DbBoolean,
  breakEvenTriggered: DbBoolean,
  trailingActive: DbBoolean,
  isProtected: DbBoolean,
  protectionReason: optionalText,
  setupType: optionalText,
  regime: optionalText,
  exitReason: optionalText,
  openedAt: DbInt,
  updatedAt: DbInt,
  closedAt: DbNullable(DbInt)
})

/** A positions row as the domain's Position (partial_close_pct is derived, so it is written but not read). */
export const PositionFromRow = Schema.compose(PositionRow, Position, { strict: false })

// Every column but the key is replaced on upsert, so a field that became absent is cleared, not kept stale.
const UPDATED_COLUMNS = [...Object.keys(PositionRow.fields), "partialClosePct"].filter((c) => c !== "symbol")

/** The current snapshot of each managed position, keyed by symbol (the positions table). */
export class PositionRepository extends Context.Tag("PositionRepository")<
  PositionRepository,
  {
    /** Writes the position as its symbol's snapshot, replacing any previous one. */
    readonly upsert: (position: Position) => Effect.Effect<void>
    /** Removes the symbol's snapshot; false when there was none. */
    readonly remove: (symbol: string) => Effect.Effect<boolean>
    readonly get: (symbol: string) => Effect.Effect<Option.Option<Position>>
    /** Every snapshot, by symbol. */
    readonly list: Effect.Effect<ReadonlyArray<Position>>
  }
>() {}

export const makePositionRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const encodeRow = Schema.encode(PositionFromRow)
  const assignments = sql.csv(UPDATED_COLUMNS.map((c) => sql`${sql(c)} = excluded.${sql(c)}`))

  const findOne = SqlSchema.findOne({
    Request: Schema.String,
    Result: PositionFromRow,
    execute: (symbol) => sql`SELECT * FROM positions WHERE symbol = ${symbol}`
  })
  const findAll = SqlSchema.findAll({
    Request: Schema.Void,
    Result: PositionFromRow,
    execute: () => sql`SELECT * FROM positions ORDER BY symbol`
  })

  return PositionRepository.of({
    upsert: tracedFn("PositionRepository.upsert")(function* (position: Position) {
      const row = { ...(yield* encodeRow(position)), partialClosePct: position.partialCloseFraction.toString() }
      yield* sql`INSERT INTO positions ${sql.insert(row)} ON CONFLICT (symbol) DO UPDATE SET ${assignments}`
    }, Effect.orDie),
    remove: tracedFn("PositionRepository.remove")(function* (symbol: string) {
      const removed = yield* sql`DELETE FROM positions WHERE symbol = ${symbol} RETURNING symbol`
      return removed.length === 1
    }, Effect.orDie),
    get: tracedFn("PositionRepository.get")(findOne, Effect.orDie),
    list: findAll(undefined).pipe(Effect.orDie, Effect.withSpan("PositionRepository.list"))
  })
})

export const PositionRepositoryLive = Layer.effect(PositionRepository, makePositionRepository)
