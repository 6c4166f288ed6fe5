// The consolidated figures of `npm run bench`, one line each, in a fixed order (not a benchmark itself).
import { Option } from "effect"
import { BACKTEST_SIZE, measureBacktest } from "./backtestRun.ts"
import { measureColdStart, measureLiveRss } from "./liveProcess.ts"
import { quantile } from "./measure.ts"
import {
  INCREMENTAL_CASES,
  incrementalThroughput,
  ORIGINAL,
  REAL_FILE,
  SYMBOLS,
  tickLatencies
} from "./strategyTicks.ts"

const LIVE_TICKS = Number(process.env.BENCH_LIVE_TICKS ?? 1000)

const ms = (x: number) => `${x.toFixed(2)} ms`
const count = (x: number) => Math.round(x).toLocaleString("en-US")

/**
 * Each figure is measured and printed in turn: SMC tick, incremental SMC, backtest, live RSS, cold start. Under
 * `--detail` the first three were measured by strategy.bench.ts and backtest.bench.ts already and are reused.
 */
export const printSummary = async (): Promise<void> => {
  const { incremental } = tickLatencies(ORIGINAL)
  console.log(
    `SMC tick latency (${SYMBOLS} symbols × 4 timeframes, incremental): median ${ms(quantile(incremental, 0.5))}, ` +
      `p99 ${ms(quantile(incremental, 0.99))}`
  )

  const [label, features] = INCREMENTAL_CASES[0] ?? ["", {}]
  const throughput = incrementalThroughput(features)
  console.log(
    Option.match(throughput, {
      onNone: () => `incremental SMC candles/s: skipped (${REAL_FILE} not found)`,
      onSome: ({ bars, rates }) =>
        `incremental SMC candles/s (${label}, ${bars.toLocaleString("en-US")} bars): ` +
        `best ${count(Math.max(...rates))}, median ${count(quantile(rates, 0.5))}`
    })
  )

  const backtest = await measureBacktest(BACKTEST_SIZE)
  console.log(
    `backtest candles/s (${backtest.symbols} symbols × ${backtest.days} days, ${backtest.ticks} ticks): ` +
      `${count((backtest.candles / backtest.ms) * 1000)} wall, ${count((backtest.candles / backtest.cpuMs) * 1000)} CPU; ` +
      `after the first tick ${count((backtest.steady.candles / backtest.steady.ms) * 1000)} wall, ` +
      `${count((backtest.steady.candles / backtest.steady.cpuMs) * 1000)} CPU`
  )

  const live = await measureLiveRss(LIVE_TICKS)
  console.log(
    `live RSS after ${live.ticks} ticks: ${live.afterTicksMiB.toFixed(0)} MiB ` +
      `(after tick 1: ${live.afterFirstTickMiB.toFixed(0)} MiB; ${SYMBOLS} symbols, simulated clock ×${live.speed}, ` +
      `${live.ticks - 1} ticks in ${live.seconds.toFixed(0)} s)`
  )

  const cold = await measureColdStart()
  console.log(
    `cold start to first tick: ${cold.firstTickS.toFixed(1)} s ` +
      `(spawn of node bin/trading.mjs live --ticks 1 to its tick 1 line; exited after ${cold.exitS.toFixed(1)} s)`
  )
}
