// Backtest throughput (`npx tsx bench/backtest.bench.ts`): `trading backtest`'s full pipeline (candle sync,
// strategy, decision, executor, in-process simulated venue, SQLite in memory) over the synthetic market, one tick
// per 15m bar. Candles = symbols × ticks walked. BACKTEST_BENCH_SYMBOLS / BACKTEST_BENCH_DAYS size the run (default
// 5 × 7: the 45 symbols × 1 year, 1.6 million candles, is most of an hour at today's rate). Figures
// printed, nothing asserted.
import { performance } from "node:perf_hooks"
import { NodeContext } from "@effect/platform-node"
import { Effect, Logger, LogLevel, Option } from "effect"
import { runBacktest } from "../src/backtest/BacktestDriver.ts"
import { planBacktest } from "../src/backtest/BacktestPlan.ts"
import { testConfigSync } from "../src/config/TestConfig.ts"
import { throughputLine } from "./measure.ts"

const SYMBOLS = Number(process.env.BACKTEST_BENCH_SYMBOLS ?? 5)
const DAYS = Number(process.env.BACKTEST_BENCH_DAYS ?? 7)
const FROM = Date.UTC(2025, 0, 1)

const config = testConfigSync()
const symbols = config.exchange.sim.symbols.slice(0, SYMBOLS)
const plan = await Effect.runPromise(
  planBacktest(config, {
    data: "synthetic",
    symbols: Option.some(symbols),
    from: Option.some(FROM),
    to: Option.some(FROM + DAYS * 86_400_000),
    equity: Option.none(),
    seed: Option.none()
  }).pipe(Effect.provide(NodeContext.layer))
)

const cpuBefore = process.cpuUsage()
const started = performance.now()
const run = await Effect.runPromise(runBacktest(plan).pipe(Logger.withMinimumLogLevel(LogLevel.Error)))
const ms = performance.now() - started
const cpu = process.cpuUsage(cpuBefore)
// On a busy shared machine the wall figure includes waiting for a core; the CPU figure is the work itself
const cpuMs = (cpu.user + cpu.system) / 1000
const candles = symbols.length * run.ticks.length

console.log(
  `backtest: ${symbols.length} symbols × ${DAYS} days, ${run.ticks.length} ticks, ${run.result.trades.length} trades`
)
console.log(throughputLine("backtest full pipeline", candles, ms, "candles"))
console.log(throughputLine("backtest full pipeline (CPU time)", candles, cpuMs, "candles"))
console.log(
  `backtest ms per tick: ${(ms / run.ticks.length).toFixed(1)} wall, ${(cpuMs / run.ticks.length).toFixed(1)} CPU (all symbols)`
)
// maxRSS is in KiB: the process's peak, start-up included
console.log(`backtest peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
