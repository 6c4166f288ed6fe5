// In-memory candle store (`npx tsx bench/candle-store.bench.ts`): appending bars one at a time as live does (45
// symbols of 15m, ring capped at 2,000 bars), then reading closed series as the strategy tick does. Figures printed.
import { Effect } from "effect"
import type { CandleSeries } from "../src/domain/CandleSeries.ts"
import { timeframeMs } from "../src/domain/Timeframe.ts"
import { CandleStore } from "../src/market/CandleStore.ts"
import { createSyntheticMarket } from "../src/market/SyntheticMarket.ts"
import { latencyLine, throughputLine, timed } from "./measure.ts"

const SYMBOLS = 45
const BARS = 2_500
const READS = 20
const STEP = timeframeMs["15m"]
const START = Date.UTC(2025, 0, 1)

const market = createSyntheticMarket({ seed: 7, startMs: START })
const universe = Array.from({ length: SYMBOLS }, (_, i) => market.symbols[i] ?? `SYN${i}/USD`)
const history = universe.map((symbol) => market.candles(symbol, "15m", START, START + BARS * STEP))

/** Bar `i` of `s` as a one-bar series (views, no copy), the shape a live update arrives in. */
const bar = (s: CandleSeries, i: number): CandleSeries => ({
  ...s,
  length: 1,
  openTime: s.openTime.subarray(i, i + 1),
  open: s.open.subarray(i, i + 1),
  high: s.high.subarray(i, i + 1),
  low: s.low.subarray(i, i + 1),
  close: s.close.subarray(i, i + 1),
  volume: s.volume.subarray(i, i + 1)
})

const program = Effect.gen(function* () {
  const store = yield* CandleStore.make()
  const appends = timed(() => {
    for (let i = 0; i < BARS; i++) for (const s of history) Effect.runSync(store.append(bar(s, i)))
  })
  console.log(throughputLine("candle store append, one bar per call", BARS * SYMBOLS, appends.ms, "bars"))

  const bulkStore = yield* CandleStore.make()
  const bulk = timed(() => {
    for (const s of history) Effect.runSync(bulkStore.append(s))
  })
  console.log(throughputLine(`candle store append, ${BARS}-bar series per call`, BARS * SYMBOLS, bulk.ms, "bars"))

  const asOf = START + BARS * STEP
  const reads = Array.from({ length: READS }, (_, k) =>
    timed(() => {
      for (const symbol of universe) Effect.runSync(store.series(symbol, "15m", { asOfMs: asOf - k * STEP }))
    })
  )
  console.log(
    latencyLine(
      `candle store closed-series read, ${SYMBOLS} symbols × 2,000 bars`,
      reads.map((r) => r.ms)
    )
  )
  const limited = Array.from({ length: READS }, (_, k) =>
    timed(() => {
      for (const symbol of universe)
        Effect.runSync(store.series(symbol, "15m", { asOfMs: asOf - k * STEP, limit: 250 }))
    })
  )
  console.log(
    latencyLine(
      `candle store closed-series read, ${SYMBOLS} symbols × 250 bars`,
      limited.map((r) => r.ms)
    )
  )
})

Effect.runSync(program)
