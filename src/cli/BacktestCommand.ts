import { Command, Options } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect, Logger, LogLevel, Option, Schema } from "effect"
import { runBacktest } from "../backtest/BacktestDriver.ts"
import { type BacktestRequest, BacktestUsageError, planBacktest } from "../backtest/BacktestPlan.ts"
import { renderHtmlReport } from "../backtest/HtmlReport.ts"
import { renderJsonReport } from "../backtest/JsonReport.ts"
import { lookaheadCheck, renderLookaheadReport } from "../backtest/LookaheadCheck.ts"
import { computeMetrics } from "../backtest/Metrics.ts"
import { makeProgressBar, type ProgressBar } from "../backtest/Progress.ts"
import { renderTerminalReport } from "../backtest/TerminalReport.ts"
import { AppConfig } from "../config/AppConfig.ts"
import { parseIsoTime } from "../market/IsoTime.ts"
import * as Logging from "../monitoring/Logging.ts"
import { configPathOption } from "./CommonOptions.ts"

const options = {
  config: configPathOption,
  data: Options.text("data").pipe(
    Options.withDescription(
      "synthetic (default), db (candles stored by trading data import/download), or a directory of candle files " +
        "named PAIR_MINUTES.csv (../shared/data/kraken) or BASE_QUOTE-TF.csv (../shared/data/binance)"
    ),
    Options.withDefault("synthetic")
  ),
  symbols: Options.text("symbols").pipe(
    Options.withDescription(
      "Comma-separated universe, e.g. BTC/USD,ETH/USD (default: exchange.sim.symbols, or every symbol of the data)"
    ),
    Options.optional
  ),
  from: Options.text("from").pipe(
    Options.withDescription(
      "Start, ISO date or date-time UTC (default: exchange.sim.start; the last 30 days of a data set)"
    ),
    Options.optional
  ),
  to: Options.text("to").pipe(
    Options.withDescription("End, exclusive (default: 30 days after --from, or the data's end)"),
    Options.optional
  ),
  equity: Options.float("equity").pipe(
    Options.withDescription("Initial equity in USD (default: exchange.sim.initial_equity_usd)"),
    Options.optional
  ),
  seed: Options.integer("seed").pipe(
    Options.withDescription("Synthetic market seed (default: exchange.sim.seed)"),
    Options.optional
  ),
  json: Options.text("json").pipe(
    Options.withDescription("Write the JSON report (figures, trades, equity curve) here"),
    Options.optional
  ),
  html: Options.text("html").pipe(
    Options.withDescription("Write the self-contained HTML report here"),
    Options.optional
  ),
  lookaheadCheck: Options.boolean("lookahead-check").pipe(
    Options.withDescription(
      "Re-evaluate every signal on data cut at its bar and list those that differ (exits non-zero if any)"
    )
  ),
  verbose: Options.boolean("verbose").pipe(
    Options.withDescription("Log every tick and every warning (default: errors only)")
  )
}

/** `--lookahead-check` found signals that change when the data ends at their bar. */
export class LookaheadFound extends Schema.TaggedError<LookaheadFound>()("LookaheadFound", { signals: Schema.Number }) {
  override get message(): string {
    return `lookahead check: ${this.signals} signal(s) differ on data cut at their bar (listed above)`
  }
}

const isoOption = (option: string, text: Option.Option<string>) =>
  Option.match(text, {
    onNone: () => Effect.succeed(Option.none<number>()),
    onSome: (value) => {
      const ms = parseIsoTime(value)
      return ms === undefined
        ? Effect.fail(
            new BacktestUsageError({ option, value, expected: "an ISO date or date-time (UTC) such as 2025-01-01" })
          )
        : Effect.succeed(Option.some(ms))
    }
  })

/** Draws the bar on a terminal only; created at the first tick, when the number of ticks is known. */
const progressReporter = () => {
  let bar: ProgressBar | undefined
  return {
    update: (done: number, total: number) =>
      Effect.gen(function* () {
        bar ??= yield* makeProgressBar(total)
        yield* bar.update(done)
      }),
    finish: Effect.suspend(() => bar?.finish ?? Effect.void)
  }
}

const writeReport = (path: Option.Option<string>, render: () => string) =>
  Option.match(path, {
    onNone: () => Effect.void,
    onSome: (file) =>
      Effect.flatMap(FileSystem.FileSystem, (fs) => fs.writeFileString(file, render())).pipe(
        Effect.zipRight(Console.error(`wrote ${file}`))
      )
  })

export const backtestCommand = Command.make("backtest", options, (flags) =>
  Effect.gen(function* () {
    const config = yield* AppConfig
    const symbols = Option.map(flags.symbols, (text) =>
      text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
    )
    const request: BacktestRequest = {
      data: flags.data,
      symbols,
      from: yield* isoOption("--from", flags.from),
      to: yield* isoOption("--to", flags.to),
      equity: flags.equity,
      seed: flags.seed
    }
    const plan = yield* planBacktest(config, request)
    const progress = progressReporter()
    if (plan.market.bars.timeframe !== "15m") {
      yield* Console.error(
        `note: the data holds ${plan.market.bars.timeframe} bars and no 15m candles, which the strategy needs ` +
          "(MISSING_DATA): no entries; see docs/BACKTEST.md"
      )
    }
    // Per-tick warnings (stale data, paused entries) would repeat every tick: errors only unless --verbose
    const quiet = Logger.withMinimumLogLevel(flags.verbose ? LogLevel.Info : LogLevel.Error)
    const { result, signals, ticks } = yield* quiet(runBacktest({ ...plan, onProgress: progress.update }))
    yield* progress.finish
    const metrics = computeMetrics(result)
    yield* Console.log(renderTerminalReport(result, metrics))
    const lookahead = flags.lookaheadCheck
      ? yield* quiet(lookaheadCheck(config, plan.market, ticks, signals))
      : undefined
    if (lookahead !== undefined) yield* Console.log(renderLookaheadReport(lookahead))
    yield* writeReport(flags.json, () => renderJsonReport(result, metrics, lookahead))
    yield* writeReport(flags.html, () => renderHtmlReport(result, metrics))
    if (lookahead !== undefined && lookahead.differences.length > 0) {
      return yield* new LookaheadFound({ signals: lookahead.differences.length })
    }
  }).pipe(Effect.provide(Logging.layer()), Effect.provide(AppConfig.layer({ configPath: flags.config })))
).pipe(
  Command.withDescription(
    "Run the live pipeline over synthetic or historical candles on the simulated exchange and a virtual clock"
  )
)
