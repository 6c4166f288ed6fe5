import { Command, Options } from "@effect/cli"
import { Clock, Console, Effect, Either, Option, Schema } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { type CandleSeries, seriesFromCandles } from "../domain/CandleSeries.ts"
import { parseSpotSymbol, type SpotSymbol } from "../domain/Symbols.ts"
import { TIMEFRAMES, type Timeframe } from "../domain/Timeframe.ts"
import { readCandleFile } from "../market/CandleCsv.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { databaseSettingsOf } from "../storage/Database.ts"
import { StorageLive } from "../storage/Storage.ts"
import { analyzeDocument } from "../strategy/AnalyzeDocument.ts"
import { renderAnalyzeReport } from "../strategy/AnalyzeReport.ts"
import { strategyParamsFromConfig } from "../strategy/StrategyParamsFromConfig.ts"
import { configPathOption } from "./CommonOptions.ts"

/** The flags do not say what to analyse. */
export class AnalyzeUsageError extends Schema.TaggedError<AnalyzeUsageError>()("AnalyzeUsageError", {
  problem: Schema.String
}) {
  override get message(): string {
    return `analyze: ${this.problem}`
  }
}

/** Symbol a CSV file's bars are labelled with when --symbol is not given. */
const CSV_DEFAULT_SYMBOL = "CSV/USD"

const options = {
  config: configPathOption,
  csv: Options.text("csv").pipe(
    Options.withDescription("Candle file (normalized CSV, Kraken CSV, ISO CSV, JSON)"),
    Options.optional
  ),
  timeframe: Options.choice("timeframe", TIMEFRAMES).pipe(
    Options.withDescription(
      "Timeframe of the --csv file, or the stored series to analyse (default: decision timeframe)"
    ),
    Options.optional
  ),
  symbol: Options.text("symbol").pipe(
    Options.withDescription("Stored candles of this symbol, e.g. BTC/USD"),
    Options.optional
  ),
  swingLength: Options.integer("swing-length").pipe(
    Options.withDescription("Swing length (bars each side)"),
    Options.optional
  ),
  json: Options.boolean("json").pipe(Options.withDescription("Print one JSON document"))
}

const symbolOf = (text: string) =>
  Either.match(parseSpotSymbol(text), {
    onLeft: (error) => Effect.fail(new AnalyzeUsageError({ problem: error.message })),
    onRight: (symbol) => Effect.succeed(symbol)
  })

/** Every stored timeframe of `symbol` up to now. */
const storedSeries = (symbol: SpotSymbol) =>
  Effect.gen(function* () {
    const repository = yield* CandleRepository
    const now = yield* Clock.currentTimeMillis
    const all: Partial<Record<Timeframe, CandleSeries>> = {}
    for (const timeframe of TIMEFRAMES) {
      const candles = yield* repository.range(symbol, timeframe, { from: 0, to: now })
      if (candles.length > 0) all[timeframe] = seriesFromCandles(symbol, timeframe, candles)
    }
    return all
  })

export const analyzeCommand = Command.make("analyze", options, (flags) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    const base = strategyParamsFromConfig(config)
    const params = Option.match(flags.swingLength, {
      onNone: () => base,
      onSome: (swing_length) => ({ ...base, swing_length })
    })
    const doc = yield* Option.match(flags.csv, {
      onSome: (file) =>
        Effect.gen(function* () {
          const timeframe = yield* Option.match(flags.timeframe, {
            onNone: () => Effect.fail(new AnalyzeUsageError({ problem: "--timeframe is required with --csv" })),
            onSome: Effect.succeed
          })
          const symbol = yield* symbolOf(Option.getOrElse(flags.symbol, () => CSV_DEFAULT_SYMBOL))
          const series = yield* readCandleFile(file, { symbol, timeframe })
          return analyzeDocument(series, symbol, params)
        }),
      onNone: () =>
        Effect.gen(function* () {
          const text = yield* Option.match(flags.symbol, {
            onNone: () =>
              Effect.fail(new AnalyzeUsageError({ problem: "give --csv FILE --timeframe TF, or --symbol SYMBOL" })),
            onSome: Effect.succeed
          })
          const symbol = yield* symbolOf(text)
          const stored = yield* storedSeries(symbol).pipe(Effect.provide(StorageLive(databaseSettingsOf(config))))
          const timeframe = Option.getOrElse(flags.timeframe, () => params.decision_timeframe)
          const series = stored[timeframe]
          if (series === undefined) {
            return yield* new AnalyzeUsageError({ problem: `no stored ${timeframe} candles for ${symbol}` })
          }
          return analyzeDocument(series, symbol, params, stored)
        })
    })
    yield* Console.log(flags.json ? JSON.stringify(doc, null, 2) : renderAnalyzeReport(doc))
  }).pipe(Effect.provide(AppConfig.layer({ configPath: flags.config })))
).pipe(
  Command.withDescription(
    "SMC analysis of a candle file (--csv FILE --timeframe TF) or of stored candles (--symbol BTC/USD): swings, " +
      "BOS/CHoCH, order blocks, fair value gaps, bias, Fibonacci, and the latest signal"
  )
)
