import { Args, Command, Options } from "@effect/cli"
import type { SqlClient } from "@effect/sql"
import { Console, Effect, Either, Layer, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { parseSpotSymbol } from "../domain/Symbols.ts"
import { TIMEFRAMES, Timeframe } from "../domain/Timeframe.ts"
import { SPOT_OHLC_MAX_CANDLES } from "../exchange/kraken/wire/spot/Ohlc.ts"
import { readCandleFile } from "../market/CandleCsv.ts"
import { type DownloadOutcome, downloadCandles, PublicSpotRestLive } from "../market/CandleDownload.ts"
import { parseIsoTime } from "../market/IsoTime.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { databaseLayer, databaseSettingsOf } from "../storage/Database.ts"
import { type Repositories, RepositoriesLive } from "../storage/Storage.ts"
import { configPathOption } from "./CommonOptions.ts"

/** A data command option holds a value it cannot use; the message names the option, the value and what fits. */
export class DataUsageError extends Schema.TaggedError<DataUsageError>()("DataUsageError", {
  option: Schema.String,
  value: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    return `data: ${this.option} "${this.value}" is not valid: expected ${this.expected}`
  }
}

const spotSymbol = (option: string) => (text: string) =>
  Either.match(parseSpotSymbol(text), {
    onLeft: (error) => Effect.fail(new DataUsageError({ option, value: text, expected: error.expected })),
    onRight: Effect.succeed
  })

/** Items of a comma-separated option, each parsed by `parse`; an empty list is refused. */
const commaList = <A>(
  option: string,
  text: string,
  example: string,
  parse: (item: string) => Effect.Effect<A, DataUsageError>
) => {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
  return items.length === 0
    ? Effect.fail(new DataUsageError({ option, value: text, expected: `a comma-separated list such as ${example}` }))
    : Effect.forEach(items, parse)
}

const timeframe = (text: string) =>
  Schema.is(Timeframe)(text)
    ? Effect.succeed(text)
    : Effect.fail(
        new DataUsageError({ option: "--timeframes", value: text, expected: `one of ${TIMEFRAMES.join(", ")}` })
      )

const isoTime = (option: string, text: string) => {
  const ms = parseIsoTime(text)
  return ms === undefined
    ? Effect.fail(
        new DataUsageError({ option, value: text, expected: "an ISO date or date-time (UTC) such as 2024-01-01" })
      )
    : Effect.succeed(ms)
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Runs `effect` with the configuration at `configPath` against the configured database (SQLite file or PostgreSQL
 * from DATABASE_URL), migrated, with every repository and the SqlClient.
 */
export const withStorage = <A, E, R>(
  configPath: string,
  effect: Effect.Effect<A, E, Repositories | SqlClient.SqlClient | AppConfig | R>
) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    const database = databaseLayer(databaseSettingsOf(config))
    return yield* Effect.provide(effect, RepositoriesLive.pipe(Layer.provideMerge(database)))
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
        const spot = yield* spotSymbol("--symbol")(symbol)
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
        const spot = yield* spotSymbol("--symbol")(symbol)
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

const downloadLine = (outcome: DownloadOutcome) => {
  const head = `${outcome.symbol} ${outcome.timeframe.padEnd(3)} stored ${String(outcome.stored).padStart(6)} closed bars`
  if (outcome.firstOpenTime === undefined || outcome.lastOpenTime === undefined) return head
  const span = `${head}  ${iso(outcome.firstOpenTime)} .. ${iso(outcome.lastOpenTime)}`
  return outcome.firstOpenTime > outcome.requestedFrom
    ? `${span}\n  Kraken had nothing older (it serves its ${SPOT_OHLC_MAX_CANDLES} most recent bars): use 'trading data import' for earlier history`
    : span
}

const downloadCommand = Command.make(
  "download",
  {
    config: configPathOption,
    symbols: Options.text("symbols").pipe(Options.withDescription("Spot symbols, comma-separated: BTC/USD,ETH/USD")),
    timeframes: Options.text("timeframes").pipe(
      Options.withDescription(`Timeframes, comma-separated (${TIMEFRAMES.join(",")})`),
      Options.withDefault(TIMEFRAMES.join(","))
    ),
    since: Options.text("since").pipe(Options.withDescription("First bar to fetch, ISO date or date-time (UTC)"))
  },
  ({ config, symbols, timeframes, since }) =>
    withStorage(
      config,
      Effect.gen(function* () {
        const spots = yield* commaList("--symbols", symbols, "BTC/USD,ETH/USD", spotSymbol("--symbols"))
        const frames = yield* commaList("--timeframes", timeframes, "1h,4h", timeframe)
        const sinceMs = yield* isoTime("--since", since)
        for (const spot of spots) {
          for (const frame of frames) yield* Console.log(downloadLine(yield* downloadCandles(spot, frame, sinceMs)))
        }
      }).pipe(Effect.provide(PublicSpotRestLive))
    )
).pipe(
  Command.withDescription(
    "Fetch closed bars from Kraken's public OHLC (exchange.kraken.spot_rest_url) and store them; Kraken serves " +
      `only its ${SPOT_OHLC_MAX_CANDLES} most recent bars per timeframe`
  )
)

const listCommand = Command.make("list", { config: configPathOption }, ({ config }) =>
  withStorage(
    config,
    Effect.gen(function* () {
      const stored = yield* (yield* CandleRepository).storedSeries
      if (stored.length === 0) return yield* Console.log("no candles stored")
      for (const s of stored) {
        const bars = `${String(s.bars).padStart(7)} bars`
        yield* Console.log(
          `${s.symbol.padEnd(10)} ${s.timeframe.padEnd(3)} ${bars}  ${iso(s.firstOpenTime)} .. ${iso(s.lastOpenTime)}`
        )
      }
    })
  )
).pipe(Command.withDescription("List every stored symbol and timeframe with its bar count, first and last bar"))

export const dataCommand = Command.make("data").pipe(
  Command.withDescription("Stored candles: download from Kraken, import a candle file, list and show what is stored"),
  Command.withSubcommands([downloadCommand, importCommand, listCommand, showCommand])
)
