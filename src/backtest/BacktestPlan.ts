import { DateTime, Effect, Either, Option, Schema } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Decimal } from "../domain/Money.ts"
import { parseSpotSymbol, type SpotSymbol } from "../domain/Symbols.ts"
import { TIMEFRAMES, timeframeMs } from "../domain/Timeframe.ts"
import { memoryBars, type VolumeBar } from "../exchange/sim/BarSource.ts"
import { csvBars } from "../exchange/sim/CsvBars.ts"
import { SYNTHETIC_LEAD_MS } from "../runtime/EmbeddedVenue.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { databaseSettingsOf } from "../storage/Database.ts"
import { StorageLive } from "../storage/Storage.ts"
import type { BacktestInput } from "./BacktestDriver.ts"
import { type BacktestMarket, barMarket, syntheticMarket } from "./BacktestMarket.ts"

const DAY_MS = 86_400_000
/** The span a run covers when --from/--to leave it open. */
const DEFAULT_SPAN_MS = 30 * DAY_MS

/** An option of `trading backtest` holds a value it cannot use; the message names the option and what fits. */
export class BacktestUsageError extends Schema.TaggedError<BacktestUsageError>()("BacktestUsageError", {
  option: Schema.String,
  value: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    return `backtest: ${this.option} "${this.value}" is not valid: expected ${this.expected}`
  }
}

/** What the command line asked for; absent options take the configuration's values. */
export interface BacktestRequest {
  /** "synthetic", "db" (the configured database's stored candles), or a directory of candle files. */
  readonly data: string
  readonly symbols: Option.Option<ReadonlyArray<string>>
  readonly from: Option.Option<number>
  readonly to: Option.Option<number>
  readonly equity: Option.Option<number>
  readonly seed: Option.Option<number>
}

const usage = (option: string, value: string, expected: string) =>
  Effect.fail(new BacktestUsageError({ option, value, expected }))

const symbolsOf = (texts: ReadonlyArray<string>) =>
  Effect.forEach(texts, (text) =>
    Either.match(parseSpotSymbol(text), {
      onLeft: (error) => usage("--symbols", text, error.expected),
      onRight: Effect.succeed
    })
  )

/**
 * The synthetic market `trading live` trades on paper: its bars start `SYNTHETIC_LEAD_MS` before
 * `exchange.sim.start` whatever the span, so every backtest of one seed sees the same prices, and the first tick
 * finds its history.
 */
const configuredSynthetic = (config: AppConfigShape, seed: number, symbols: ReadonlyArray<string>) =>
  syntheticMarket({ seed, startMs: DateTime.toEpochMillis(config.exchange.sim.start) - SYNTHETIC_LEAD_MS, symbols })

/** The stored candles of the configured database: the finest timeframe any requested symbol has. */
const storedBars = (symbols: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const repository = yield* CandleRepository
    const stored = yield* repository.storedSeries
    const wanted = symbols.length === 0 ? [...new Set(stored.map((s) => s.symbol))] : symbols
    const timeframe = TIMEFRAMES.find((tf) => stored.some((s) => s.timeframe === tf && wanted.includes(s.symbol)))
    if (timeframe === undefined) {
      return yield* usage("--data", "db", "stored candles (trading data import / download) for the symbols")
    }
    const bySymbol: Record<string, ReadonlyArray<VolumeBar>> = {}
    for (const symbol of wanted) {
      const candles = yield* repository.range(symbol, timeframe, { from: 0, to: Number.MAX_SAFE_INTEGER })
      if (candles.length > 0) {
        bySymbol[symbol] = candles.map(({ openTime, open, high, low, close, volume }) => ({
          openTime,
          open,
          high,
          low,
          close,
          volume
        }))
      }
    }
    return barMarket("db", memoryBars(timeframe, bySymbol))
  })

/**
 * The market of the request: the paper-trading synthetic market, a directory of candle files, or
 * the candles stored in the configured database (read once; the run itself keeps its records in memory).
 */
const marketOf = (config: AppConfigShape, request: BacktestRequest, symbols: ReadonlyArray<string>) => {
  if (request.data === "synthetic") {
    const seed = Option.getOrElse(request.seed, () => config.exchange.sim.seed)
    return Effect.succeed(configuredSynthetic(config, seed, symbols))
  }
  return request.data === "db"
    ? Effect.provide(storedBars(symbols), StorageLive(databaseSettingsOf(config)))
    : Effect.map(csvBars(request.data), (bars) => barMarket(request.data, bars))
}

/**
 * --from and --to with their defaults: a synthetic run starts at `exchange.sim.start` (its `syntheticStart`); a run
 * over a data set ends at the data's end; either spans 30 days when one bound is missing.
 */
const spanOf = (request: BacktestRequest, syntheticStart: number | undefined, end: number) => {
  if (syntheticStart !== undefined) {
    const from = Option.getOrElse(request.from, () => syntheticStart)
    return { from, to: Option.getOrElse(request.to, () => from + DEFAULT_SPAN_MS) }
  }
  const to = Option.getOrElse(request.to, () =>
    Option.match(request.from, { onNone: () => end, onSome: (from) => from + DEFAULT_SPAN_MS })
  )
  return { from: Option.getOrElse(request.from, () => to - DEFAULT_SPAN_MS), to: Math.min(to, end) }
}

/** Turns the request into the driver's input: market, universe, span, equity, seed. */
export const planBacktest = (config: AppConfigShape, request: BacktestRequest) =>
  Effect.gen(function* () {
    const synthetic = request.data === "synthetic"
    const asked = yield* symbolsOf(
      Option.getOrElse(request.symbols, () => (synthetic ? config.exchange.sim.symbols : []))
    )
    const market: BacktestMarket = yield* marketOf(config, request, asked)
    // Sorted: a directory listing's order is the file system's, and the run must not depend on it
    const symbols: ReadonlyArray<SpotSymbol> =
      asked.length > 0 ? asked : yield* symbolsOf([...market.candles.symbols].sort())
    const missing = symbols.filter((s) => !market.bars.symbols.includes(s))
    if (missing.length > 0) {
      return yield* usage(
        "--symbols",
        missing.join(","),
        `symbols the data holds: ${[...market.bars.symbols].sort().join(", ")}`
      )
    }
    const end = market.endMs ?? Number.POSITIVE_INFINITY
    const { from, to } = spanOf(request, synthetic ? DateTime.toEpochMillis(config.exchange.sim.start) : undefined, end)
    const barMs = timeframeMs[market.bars.timeframe]
    const earliest = synthetic ? market.firstMs + SYNTHETIC_LEAD_MS : market.firstMs
    if (from < earliest) {
      return yield* usage(
        "--from",
        new Date(from).toISOString(),
        `a time at or after ${new Date(earliest).toISOString()} (the data's history must come first)`
      )
    }
    if (to - from < barMs) {
      return yield* usage(
        "--to",
        new Date(to).toISOString(),
        `a time at least one ${market.bars.timeframe} bar after --from, within the data`
      )
    }
    const equity = Option.getOrElse(request.equity, () => config.exchange.sim.initial_equity_usd)
    if (!(equity > 0)) return yield* usage("--equity", String(equity), "a positive amount of USD")
    return {
      config,
      market,
      symbols,
      from,
      to,
      initialEquity: new Decimal(equity),
      seed: Option.getOrElse(request.seed, () => config.exchange.sim.seed)
    } satisfies Omit<BacktestInput, "onProgress">
  })
