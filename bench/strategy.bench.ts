// Strategy benchmarks (`npx tsx bench/strategy.bench.ts`, also run by `npm run bench -- --detail`): figures
// printed, nothing asserted.
import { Option } from "effect"
import { quantile } from "./measure.ts"
import {
  BARS,
  INCREMENTAL_CASES,
  incrementalThroughput,
  ORIGINAL,
  REAL_FILE,
  SWING,
  SYMBOLS,
  tickLatencies
} from "./strategyTicks.ts"

const report = (label: string, ms: ReadonlyArray<number>) =>
  console.log(`${label}: median ${quantile(ms, 0.5).toFixed(3)} ms, p99 ${quantile(ms, 0.99).toFixed(3)} ms`)

for (const [label, params] of [
  ["original", ORIGINAL],
  ["swing", SWING]
] as const) {
  const { full, incremental } = tickLatencies(params)
  report(`${label} full tick (${SYMBOLS} symbols × 4 TF × ${BARS} bars, fresh state)`, full)
  report(`${label} incremental tick (one new bar per series)`, incremental)
}

for (const [label, features] of INCREMENTAL_CASES) {
  const throughput = incrementalThroughput(features)
  if (Option.isNone(throughput)) {
    console.log(`skipped incremental throughput: ${REAL_FILE} not found`)
    break
  }
  // The best run is the machine's capacity; the median shows the noise of a shared machine.
  const { bars, rates } = throughput.value
  const rate = (r: number) => `${(r / 1e6).toFixed(2)} M candles/s`
  console.log(
    `incremental ${label}, ${REAL_FILE.split("/").pop()} (${bars} bars, one advance per bar): ` +
      `best ${rate(Math.max(...rates))}, median ${rate(quantile(rates, 0.5))}`
  )
}
