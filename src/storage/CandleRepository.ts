import { SqlClient, SqlSchema } from "@effect/sql"
import { Array as Arr, Context, Effect, Layer, Schema } from "effect"
import { Candle } from "../domain/Candle.ts"
import { Timeframe } from "../domain/Timeframe.ts"
import { CountRow, DbInt, type TimeRange } from "./Columns.ts"

const CandleRow = Schema.Struct({
  symbol: Schema.String,
  timeframe: Schema.String,
  openTime: DbInt,
  open: Schema.Number,
  high: Schema.Number,
  low: Schema.Number,
  close: Schema.Number,
  volume: Schema.Number
})

/** A candles row as the domain's Candle (the decode re-validates every bar read). */
export const CandleFromRow = Schema.compose(CandleRow, Candle, { strict: false })

/** Rows per INSERT: 8 parameters each keeps a batch far below SQLite's and PostgreSQL's parameter limits. */
export const UPSERT_BATCH_SIZE = 500

const SeriesKey = Schema.Struct({ symbol: Schema.String, timeframe: Timeframe })
const SeriesRange = Schema.Struct({ ...SeriesKey.fields, from: Schema.Int, to: Schema.Int })
const SeriesLatest = Schema.Struct({ ...SeriesKey.fields, limit: Schema.Int })

/** Stored OHLCV bars, one row per (symbol, timeframe, openTime). */
export class CandleRepository extends Context.Tag("CandleRepository")<
  CandleRepository,
  {
    /** Inserts or replaces bars by (symbol, timeframe, openTime), all in one transaction. */
    readonly upsertMany: (candles: ReadonlyArray<Candle>) => Effect.Effect<void>
    /** Bars with openTime in [from, to), oldest first. */
    readonly range: (symbol: string, timeframe: Timeframe, range: TimeRange) => Effect.Effect<ReadonlyArray<Candle>>
    /** The newest `limit` bars, oldest first. */
    readonly latest: (symbol: string, timeframe: Timeframe, limit: number) => Effect.Effect<ReadonlyArray<Candle>>
    readonly count: (symbol: string, timeframe: Timeframe) => Effect.Effect<number>
    /** Deletes every symbol's bars of `timeframe` that opened before `before` (retention); returns how many. */
    readonly deleteOlderThan: (timeframe: Timeframe, before: number) => Effect.Effect<number>
  }
>() {}

export const makeCandleRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const encodeRows = Schema.encode(Schema.Array(CandleFromRow))

  const upsertMany = Effect.fn("CandleRepository.upsertMany")(function* (candles: ReadonlyArray<Candle>) {
    const rows = yield* encodeRows(candles)
    yield* Effect.forEach(
      Arr.chunksOf(rows, UPSERT_BATCH_SIZE),
      (batch) =>
        sql`INSERT INTO candles ${sql.insert(batch)}
          ON CONFLICT (symbol, timeframe, open_time) DO UPDATE SET
          open = excluded.open, high = excluded.high, low = excluded.low,
          close = excluded.close, volume = excluded.volume`,
      { discard: true }
    ).pipe(sql.withTransaction)
  }, Effect.orDie)

  const findRange = SqlSchema.findAll({
    Request: SeriesRange,
    Result: CandleFromRow,
    execute: (r) => sql`SELECT * FROM candles
      WHERE symbol = ${r.symbol} AND timeframe = ${r.timeframe} AND open_time >= ${r.from} AND open_time < ${r.to}
      ORDER BY open_time`
  })
  const findLatest = SqlSchema.findAll({
    Request: SeriesLatest,
    Result: CandleFromRow,
    execute: (r) => sql`SELECT * FROM candles WHERE symbol = ${r.symbol} AND timeframe = ${r.timeframe}
      ORDER BY open_time DESC LIMIT ${r.limit}`
  })
  const countSeries = SqlSchema.single({
    Request: SeriesKey,
    Result: CountRow,
    execute: (r) => sql`SELECT COUNT(*) AS n FROM candles WHERE symbol = ${r.symbol} AND timeframe = ${r.timeframe}`
  })
  const countOlder = SqlSchema.single({
    Request: Schema.Struct({ timeframe: Timeframe, before: Schema.Int }),
    Result: CountRow,
    execute: (r) => sql`SELECT COUNT(*) AS n FROM candles WHERE timeframe = ${r.timeframe} AND open_time < ${r.before}`
  })

  return CandleRepository.of({
    upsertMany,
    range: Effect.fn("CandleRepository.range")(
      (symbol: string, timeframe: Timeframe, range: TimeRange) => findRange({ symbol, timeframe, ...range }),
      Effect.orDie
    ),
    latest: Effect.fn("CandleRepository.latest")(
      (symbol: string, timeframe: Timeframe, limit: number) =>
        Effect.map(findLatest({ symbol, timeframe, limit }), Arr.reverse),
      Effect.orDie
    ),
    count: Effect.fn("CandleRepository.count")(
      (symbol: string, timeframe: Timeframe) => Effect.map(countSeries({ symbol, timeframe }), (r) => r.n),
      Effect.orDie
    ),
    deleteOlderThan: Effect.fn("CandleRepository.deleteOlderThan")(
      function* (timeframe: Timeframe, before: number) {
        const { n } = yield* countOlder({ timeframe, before })
        yield* sql`DELETE FROM candles WHERE timeframe = ${timeframe} AND open_time < ${before}`
        return n
      },
      sql.withTransaction,
      Effect.orDie
    )
  })
})

export const CandleRepositoryLive = Layer.effect(CandleRepository, makeCandleRepository)
