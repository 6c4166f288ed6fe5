import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Either, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { parseSpotSymbol } from "../domain/Symbols.ts"
import { TIMEFRAMES } from "../domain/Timeframe.ts"
import { readCandleFile } from "../market/CandleCsv.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { StorageLive } from "../storage/Storage.ts"
import { configPathOption } from "./CommonOptions.ts"

/** A data command was given a symbol the symbol module does not recognise. */
export class DataUsageError extends Schema.TaggedError<DataUsageError>()("DataUsageError", {
  problem: Schema.String
}) {
  override get message(): string {
    return `data: ${this.problem}`
  }
}

const spotSymbol = (text: string) =>
  Either.match(parseSpotSymbol(text), {
    onLeft: (error) => Effect.fail(new DataUsageError({ problem: error.message })),
    onRight: Effect.succeed
  })

/** Runs `effect` against the configured database (SQLite file or PostgreSQL from DATABASE_URL). */
const withStorage = <A, E, R>(configPath: string, effect: Effect.Effect<A, E, CandleRepository | R>) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    return yield* Effect.provide(
      effect,
      StorageLive({ databaseUrl: config.storage.database_url, sqlitePath: config.storage.sqlite_path })
    )
  }).pipe(Effect.provide(AppConfig.layer({ configPath })))

const importCommand = Command.make(
  "import",
  {
    config: configPathOption,
    symbol: Options.text("symbol").pipe(Options.withDescription("Spot symbol the bars belong to, e.g. BTC/USD")),
    timeframe: Options.choice("timeframe", TIMEFRAMES),
    file: Args.text({ name: "FILE" }).pipe(
      Args.withDescription("Candle file: normalized CSV, Kraken CSV, ISO CSV or JSON")
    )
  },
  ({ config, symbol, timeframe, file }) =>
    withStorage(
      config,
      Effect.gen(function* () {
        const spot = yield* spotSymbol(symbol)
        const series = yield* readCandleFile(file, { symbol: spot, timeframe })
        const repository = yield* CandleRepository
        yield* repository.upsertSeries(series)
        yield* Console.log(`imported ${series.length} ${timeframe} bars of ${spot} from ${file}`)
      })
    )
).pipe(Command.withDescription("Store the bars of a candle file (inserted or replaced by open time)"))

const showCommand = Command.make(
  "show",
  { config: configPathOption, symbol: Options.text("symbol").pipe(Options.withDescription("e.g. BTC/USD")) },
  ({ config, symbol }) =>
    withStorage(
      config,
      Effect.gen(function* () {
        const spot = yield* spotSymbol(symbol)
        const repository = yield* CandleRepository
        for (const timeframe of TIMEFRAMES) {
          const count = yield* repository.count(spot, timeframe)
          const [newest] = yield* repository.latest(spot, timeframe, 1)
          const span = newest === undefined ? "" : `  newest ${new Date(newest.openTime).toISOString()}`
          yield* Console.log(`${spot} ${timeframe.padEnd(3)} ${String(count).padStart(7)} bars${span}`)
        }
      })
    )
).pipe(Command.withDescription("Show how many bars are stored per timeframe for a symbol, and the newest"))

export const dataCommand = Command.make("data").pipe(
  Command.withDescription("Stored candles: import a candle file, show what is stored"),
  Command.withSubcommands([importCommand, showCommand])
)
