import { SqlClient, SqlSchema } from "@effect/sql"
import { Context, Effect, Layer, type Option, Schema } from "effect"
import { Trade } from "../domain/Trade.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { DbInt, type TimeRange } from "./Columns.ts"

const TradeRow = Schema.Struct({
  tradeId: Schema.String,
  symbol: Schema.String,
  side: Schema.String,
  entryPrice: Schema.String,
  exitPrice: Schema.String,
  size: Schema.String,
  sizeNotional: Schema.String,
  leverage: Schema.String,
  grossPnl: Schema.String,
  fees: Schema.String,
  funding: Schema.String,
  netPnl: Schema.String,
  enteredAt: DbInt,
  exitedAt: DbInt,
  holdingPeriodHours: Schema.Number,
  exitReason: Schema.String,
  makerFills: Schema.Number,
  takerFills: Schema.Number
})

/** A trades row as the domain's Trade (amounts decode from their exact decimal text). */
export const TradeFromRow = Schema.compose(TradeRow, Trade, { strict: false })

/** Completed round trips, one row per trade id. */
export class TradeRepository extends Context.Tag("TradeRepository")<
  TradeRepository,
  {
    /** Records a trade once: a second insert of the same trade id changes nothing and returns false. */
    readonly insert: (trade: Trade) => Effect.Effect<boolean>
    readonly byId: (tradeId: string) => Effect.Effect<Option.Option<Trade>>
    /** The `limit` most recently exited trades, newest first. */
    readonly recent: (limit: number) => Effect.Effect<ReadonlyArray<Trade>>
    /**
     * The trades that exited at or after `fromMs`, newest first, at most `limit`: what a tick needs (the last day's),
     * read without decoding the whole history (a long backtest's trades grow with every day).
     */
    readonly exitedSince: (fromMs: number, limit: number) => Effect.Effect<ReadonlyArray<Trade>>
    /** One symbol's trades that exited in [from, to), oldest first. */
    readonly bySymbol: (symbol: string, range: TimeRange) => Effect.Effect<ReadonlyArray<Trade>>
  }
>() {}

export const makeTradeRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const encodeRow = Schema.encode(TradeFromRow)

  const findById = SqlSchema.findOne({
    Request: Schema.String,
    Result: TradeFromRow,
    execute: (tradeId) => sql`SELECT * FROM trades WHERE trade_id = ${tradeId}`
  })
  const findRecent = SqlSchema.findAll({
    Request: Schema.Int,
    Result: TradeFromRow,
    execute: (limit) => sql`SELECT * FROM trades ORDER BY exited_at DESC, trade_id DESC LIMIT ${limit}`
  })
  const findExitedSince = SqlSchema.findAll({
    Request: Schema.Struct({ from: Schema.Int, limit: Schema.Int }),
    Result: TradeFromRow,
    execute: (r) => sql`SELECT * FROM trades WHERE exited_at >= ${r.from}
      ORDER BY exited_at DESC, trade_id DESC LIMIT ${r.limit}`
  })
  const findBySymbol = SqlSchema.findAll({
    Request: Schema.Struct({ symbol: Schema.String, from: Schema.Int, to: Schema.Int }),
    Result: TradeFromRow,
    execute: (r) => sql`SELECT * FROM trades
      WHERE symbol = ${r.symbol} AND exited_at >= ${r.from} AND exited_at < ${r.to}
      ORDER BY exited_at, trade_id`
  })

  return TradeRepository.of({
    insert: tracedFn("TradeRepository.insert")(function* (trade: Trade) {
      const row = yield* encodeRow(trade)
      const inserted = yield* sql`INSERT INTO trades ${sql.insert(row)}
        ON CONFLICT (trade_id) DO NOTHING RETURNING trade_id`
      return inserted.length === 1
    }, Effect.orDie),
    byId: tracedFn("TradeRepository.byId")(findById, Effect.orDie),
    recent: tracedFn("TradeRepository.recent")(findRecent, Effect.orDie),
    exitedSince: tracedFn("TradeRepository.exitedSince")(
      (from: number, limit: number) => findExitedSince({ from, limit }),
      Effect.orDie
    ),
    bySymbol: tracedFn("TradeRepository.bySymbol")(
      (symbol: string, range: TimeRange) => findBySymbol({ symbol, ...range }),
      Effect.orDie
    )
  })
})

export const TradeRepositoryLive = Layer.effect(TradeRepository, makeTradeRepository)
