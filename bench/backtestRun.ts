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
}

export interface BacktestSize {
  readonly symbols: number
  readonly days: number
}

/** BACKTEST_BENCH_SYMBOLS / BACKTEST_BENCH_DAYS, default 5 × 7 (45 symbols × a year is most of an hour). */
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
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const run = await Effect.runPromise(runBacktest(plan).pipe(Logger.withMinimumLogLevel(LogLevel.Error)))
  const ms = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return {
    symbols: symbols.length,
    days,
    ticks: run.ticks.length,
    trades: run.result.trades.length,
    candles: symbols.length * run.ticks.length,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000
  }
}

/** timedBacktest, once per size in this process (onceEach). */
export const measureBacktest = onceEach(timedBacktest)
