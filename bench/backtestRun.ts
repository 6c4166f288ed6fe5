// One timed run of `trading backtest`'s pipeline, behind backtest.bench.ts and the `npm run bench` summary (not a
// benchmark itself).
import { performance } from "node:perf_hooks"
import { NodeContext } from "@effect/platform-node"
import { Effect, Logger, LogLevel, Option } from "effect"
import { runBacktest } from "../src/backtest/BacktestDriver.ts"
import { planBacktest } from "../src/backtest/BacktestPlan.ts"
import { testConfigSync } from "../src/config/TestConfig.ts"
import { onceEach } from "./measure.ts"

const FROM = Date.UTC(2025, 0, 1)

export interface BacktestFigures {
  readonly symbols: number
  readonly days: number
  readonly ticks: number
  readonly trades: number
  /** Symbols × ticks walked. */
  readonly candles: number
  readonly ms: number
  /** This process's CPU time (every thread): on a busy machine the wall figure includes waiting for a core. */
  readonly cpuMs: number
  /**
   * The same figures from the end of the first tick to the end of the run: without the start-up (building the
   * venue, generating and loading a year of history for the daily series), which a short run is mostly made of.
   */
  readonly steady: { readonly candles: number; readonly ms: number; readonly cpuMs: number }
}

const cpuNow = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

export interface BacktestSize {
  readonly symbols: number
  readonly days: number
}

/** BACKTEST_BENCH_SYMBOLS / BACKTEST_BENCH_DAYS, default 5 × 7 (45 symbols × a year takes about 10 minutes of CPU). */
export const BACKTEST_SIZE: BacktestSize = {
  symbols: Number(process.env.BACKTEST_BENCH_SYMBOLS ?? 5),
  days: Number(process.env.BACKTEST_BENCH_DAYS ?? 7)
}

/** The synthetic market, one tick per 15m bar, SQLite in memory, errors only in the log. */
const timedBacktest = async ({ symbols: symbolCount, days }: BacktestSize): Promise<BacktestFigures> => {
  const config = testConfigSync()
  const symbols = config.exchange.sim.symbols.slice(0, symbolCount)
  const plan = await Effect.runPromise(
    planBacktest(config, {
      data: "synthetic",
      symbols: Option.some(symbols),
      from: Option.some(FROM),
      to: Option.some(FROM + days * 86_400_000),
      equity: Option.none(),
      seed: Option.none()
    }).pipe(Effect.provide(NodeContext.layer))
  )
  const cpuBefore = cpuNow()
  const started = performance.now()
  let firstTick = { ms: started, cpuMs: cpuBefore }
  const onProgress = (done: number) =>
    Effect.sync(() => {
      if (done === 1) firstTick = { ms: performance.now(), cpuMs: cpuNow() }
    })
  const run = await Effect.runPromise(
    runBacktest({ ...plan, onProgress }).pipe(Logger.withMinimumLogLevel(LogLevel.Error))
  )
  const ended = { ms: performance.now(), cpuMs: cpuNow() }
  return {
    symbols: symbols.length,
    days,
    ticks: run.ticks.length,
    trades: run.result.trades.length,
    candles: symbols.length * run.ticks.length,
    ms: ended.ms - started,
    cpuMs: ended.cpuMs - cpuBefore,
    steady: {
      candles: symbols.length * Math.max(0, run.ticks.length - 1),
      ms: ended.ms - firstTick.ms,
      cpuMs: ended.cpuMs - firstTick.cpuMs
    }
  }
}

/** timedBacktest, once per size in this process (onceEach). */
export const measureBacktest = onceEach(timedBacktest)
