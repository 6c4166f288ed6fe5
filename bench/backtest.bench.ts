// Backtest throughput (`npx tsx bench/backtest.bench.ts`): `trading backtest`'s full pipeline (candle sync,
// strategy, decision, executor, in-process simulated venue, SQLite in memory) over the synthetic market, one tick
// per 15m bar. Candles = symbols × ticks walked. BACKTEST_BENCH_SYMBOLS / BACKTEST_BENCH_DAYS size the run (default
// 5 × 7: the 45 symbols × 1 year, 1.6 million candles, takes about 10 minutes of CPU). Figures
// printed, nothing asserted.
import { BACKTEST_SIZE, measureBacktest } from "./backtestRun.ts"
import { throughputLine } from "./measure.ts"

const run = await measureBacktest(BACKTEST_SIZE)

console.log(`backtest: ${run.symbols} symbols × ${run.days} days, ${run.ticks} ticks, ${run.trades} trades`)
console.log(throughputLine("backtest full pipeline", run.candles, run.ms, "candles"))
console.log(throughputLine("backtest full pipeline (CPU time)", run.candles, run.cpuMs, "candles"))
console.log(throughputLine("backtest after the first tick", run.steady.candles, run.steady.ms, "candles"))
console.log(throughputLine("backtest after the first tick (CPU time)", run.steady.candles, run.steady.cpuMs, "candles"))
console.log(`backtest start-up and first tick: ${((run.ms - run.steady.ms) / 1000).toFixed(1)} s wall`)
console.log(
  `backtest ms per tick after the first: ${(run.steady.ms / (run.ticks - 1)).toFixed(1)} wall, ` +
    `${(run.steady.cpuMs / (run.ticks - 1)).toFixed(1)} CPU (all symbols)`
)
// maxRSS is in KiB: the process's peak, start-up included
console.log(`backtest peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
