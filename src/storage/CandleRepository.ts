import { SqlClient, SqlSchema } from "@effect/sql"
import { Array as Arr, Context, Effect, Layer, Order, Schema } from "effect"
import { Candle } from "../domain/Candle.ts"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import { CandleRejected, seriesProblem } from "../domain/CandleSeriesCheck.ts"
import { TIMEFRAMES, Timeframe } from "../domain/Timeframe.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
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

/**
 * Rows per INSERT. Bars travel as one JSON array parameter expanded by the database (json_each on SQLite,
 * jsonb_array_elements on PostgreSQL): several times faster than one bound parameter per column, and JSON's
 * shortest float text reads back as the same float64.
 */
export const UPSERT_BATCH_SIZE = 10_000

type CandleTuple = readonly [string, Timeframe, number, number, number, number, number, number]

const tupleOf = (c: Candle): CandleTuple => [
  c.symbol,
  c.timeframe,
  c.openTime,
  c.open,
  c.high,
  c.low,
  c.close,
  c.volume
]

const seriesTuples = (s: CandleSeries): ReadonlyArray<CandleTuple> =>
  Array.from({ length: s.length }, (_, i) => [
    s.symbol,
    s.timeframe,
    s.openTime[i] ?? 0,
    s.open[i] ?? 0,
    s.high[i] ?? 0,
    s.low[i] ?? 0,
    s.close[i] ?? 0,
    s.volume[i] ?? 0
  ])

/** One stored (symbol, timeframe): how many bars and the open times of the oldest and newest. */
export const StoredSeries = Schema.Struct({
  symbol: Schema.String,
  timeframe: Timeframe,
  bars: DbInt,
  firstOpenTime: DbInt,
  lastOpenTime: DbInt
})
export interface StoredSeries extends Schema.Schema.Type<typeof StoredSeries> {}

const SeriesKey = Schema.Struct({ symbol: Schema.String, timeframe: Timeframe })
const SeriesRange = Schema.Struct({ ...SeriesKey.fields, from: Schema.Int, to: Schema.Int })
const SeriesLatest = Schema.Struct({ ...SeriesKey.fields, limit: Schema.Int })

/** Stored OHLCV bars, one row per (symbol, timeframe, openTime). */
export class CandleRepository extends Context.Tag("CandleRepository")<
  CandleRepository,
  {
    /** Inserts or replaces bars by (symbol, timeframe, openTime), all in one transaction. */
    readonly upsertMany: (candles: ReadonlyArray<Candle>) => Effect.Effect<void>
    /** `upsertMany` for a columnar series, checked whole first: an unsound series stores nothing. */
    readonly upsertSeries: (series: CandleSeries) => Effect.Effect<void, CandleRejected>
    /** Bars with openTime in [from, to), oldest first. */
    readonly range: (symbol: string, timeframe: Timeframe, range: TimeRange) => Effect.Effect<ReadonlyArray<Candle>>
    /** The newest `limit` bars, oldest first. */
    readonly latest: (symbol: string, timeframe: Timeframe, limit: number) => Effect.Effect<ReadonlyArray<Candle>>
    readonly count: (symbol: string, timeframe: Timeframe) => Effect.Effect<number>
    /** Every stored series with its bar count and time span, by symbol then timeframe (shortest first). */
    readonly storedSeries: Effect.Effect<ReadonlyArray<StoredSeries>>
    /** Deletes every symbol's bars of `timeframe` that opened before `before` (retention); returns how many. */
    readonly deleteOlderThan: (timeframe: Timeframe, before: number) => Effect.Effect<number>
  }
>() {}

export const makeCandleRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const upsertBatch = (batch: ReadonlyArray<CandleTuple>) => {
    const json = JSON.stringify(batch)
    const onConflict = sql`ON CONFLICT (symbol, timeframe, open_time) DO UPDATE SET
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`
    return sql.onDialectOrElse({
      pg: () => sql`INSERT INTO candles (symbol, timeframe, open_time, open, high, low, close, volume)
        SELECT r->>0, r->>1, (r->>2)::bigint, (r->>3)::float8, (r->>4)::float8, (r->>5)::float8, (r->>6)::float8,
          (r->>7)::float8
        FROM jsonb_array_elements(${json}::jsonb) AS r ${onConflict}`,
      orElse: () => sql`INSERT INTO candles (symbol, timeframe, open_time, open, high, low, close, volume)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
        FROM json_each(${json}) WHERE true ${onConflict}`
    })
  }

  const upsertTuples = (tuples: ReadonlyArray<CandleTuple>) =>
    Effect.forEach(Arr.chunksOf(tuples, UPSERT_BATCH_SIZE), upsertBatch, { discard: true }).pipe(
      sql.withTransaction,
      Effect.orDie
    )

  const upsertMany = tracedFn("CandleRepository.upsertMany")((candles: ReadonlyArray<Candle>) =>
    upsertTuples(candles.map(tupleOf))
  )

  const upsertSeries = tracedFn("CandleRepository.upsertSeries")(function* (series: CandleSeries) {
    const problem = seriesProblem(series)
    if (problem !== undefined) {
      return yield* new CandleRejected({ symbol: series.symbol, timeframe: series.timeframe, ...problem })
    }
    yield* upsertTuples(seriesTuples(series))
  })

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
  const findStoredSeries = SqlSchema.findAll({
    Request: Schema.Void,
    Result: StoredSeries,
    execute: () => sql`SELECT symbol, timeframe, COUNT(*) AS bars, MIN(open_time) AS first_open_time,
      MAX(open_time) AS last_open_time FROM candles GROUP BY symbol, timeframe`
  })
  const countOlder = SqlSchema.single({
    Request: Schema.Struct({ timeframe: Timeframe, before: Schema.Int }),
    Result: CountRow,
    execute: (r) => sql`SELECT COUNT(*) AS n FROM candles WHERE timeframe = ${r.timeframe} AND open_time < ${r.before}`
  })

  return CandleRepository.of({
    upsertMany,
    upsertSeries,
    range: tracedFn("CandleRepository.range")(
      (symbol: string, timeframe: Timeframe, range: TimeRange) => findRange({ symbol, timeframe, ...range }),
      Effect.orDie
    ),
    latest: tracedFn("CandleRepository.latest")(
      (symbol: string, timeframe: Timeframe, limit: number) =>
        Effect.map(findLatest({ symbol, timeframe, limit }), Arr.reverse),
      Effect.orDie
    ),
    count: tracedFn("CandleRepository.count")(
      (symbol: string, timeframe: Timeframe) => Effect.map(countSeries({ symbol, timeframe }), (r) => r.n),
      Effect.orDie
    ),
    storedSeries: findStoredSeries(undefined).pipe(
      Effect.map(
        Arr.sort(
          Order.combine(
            Order.mapInput(Order.string, (s: StoredSeries) => s.symbol),
            Order.mapInput(Order.number, (s: StoredSeries) => TIMEFRAMES.indexOf(s.timeframe))
          )
        )
      ),
      Effect.orDie,
      Effect.withSpan("CandleRepository.storedSeries")
    ),
    deleteOlderThan: tracedFn("CandleRepository.deleteOlderThan")(
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
