// The strategy measurements behind strategy.bench.ts and the `npm run bench` summary (not a benchmark itself).
import { existsSync, readFileSync } from "node:fs"
import { performance } from "node:perf_hooks"
import { Either, Option } from "effect"
import { Random } from "../src/domain/Random.ts"
import { SpotSymbol } from "../src/domain/Symbols.ts"
import { parseCandles } from "../src/market/CandleCsv.ts"
import { analyze, initialStrategyState, type StrategyInputs, type StrategyState } from "../src/strategy/Analyze.ts"
import { type AnalyzerFeatures, SeriesAnalyzer } from "../src/strategy/SeriesAnalyzer.ts"
import { type StrategyParams, strategyParams } from "../src/strategy/StrategyParams.ts"
import type { Bars } from "../src/strategy/Types.ts"
import { onceEach } from "./measure.ts"

export const SYMBOLS = 45
export const BARS = 500
const TICKS = 200
const HOUR = 3_600_000
const TF_MS = { "1d": 24 * HOUR, "4h": 4 * HOUR, "1h": HOUR, "15m": HOUR / 4 }

/** Deterministic random walk with bars aligned to `stepMs`. */
const walk = (n: number, seed: number, stepMs: number): Bars => {
  const random = new Random(seed, "strategy-bench")
  const rnd = () => random.float()
  const b = {
    length: n,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n)
  }
  let price = 100
  for (let i = 0; i < n; i++) {
    const close = price * (1 + (rnd() - 0.49) * 0.03)
    b.openTime[i] = i * stepMs
    b.open[i] = price
    b.close[i] = close
    b.high[i] = Math.max(price, close) * (1 + rnd() * 0.01)
    b.low[i] = Math.min(price, close) * (1 - rnd() * 0.01)
    b.volume[i] = 1 + rnd() * 100
    price = close
  }
  return b
}

const cut = (b: Bars, n: number): Bars => ({ ...b, length: n })

interface Universe {
  readonly symbol: SpotSymbol
  readonly tf: Record<keyof typeof TF_MS, Bars>
}

const universe: Array<Universe> = Array.from({ length: SYMBOLS }, (_, k) => ({
  symbol: SpotSymbol.make(`S${k}/USD`),
  tf: {
    "1d": walk(BARS + TICKS, 4 * k + 1, TF_MS["1d"]),
    "4h": walk(BARS + TICKS, 4 * k + 2, TF_MS["4h"]),
    "1h": walk(BARS + TICKS, 4 * k + 3, TF_MS["1h"]),
    "15m": walk(BARS + TICKS, 4 * k + 4, TF_MS["15m"])
  }
}))

const inputsAt = (u: Universe, n: number): StrategyInputs => ({
  symbol: u.symbol,
  daily: cut(u.tf["1d"], n),
  decision: cut(u.tf["4h"], n),
  hourly: cut(u.tf["1h"], n),
  m15: cut(u.tf["15m"], n)
})

/** Relaxed gates so every symbol runs the whole analysis (a refused setup would stop early). */
const relaxed = { higher_tf_enabled: false, adx_threshold: 10, fib_proximity_bps: 100 }
export const ORIGINAL = strategyParams(relaxed)
export const SWING = strategyParams({ ...relaxed, structure_model: "swing" })

export interface TickLatencies {
  /** Fresh state per symbol, 500 bars per timeframe (after 10 warm-up rounds). */
  readonly full: ReadonlyArray<number>
  /** States carried, every timeframe gains one bar per tick: what the live tick does. */
  readonly incremental: ReadonlyArray<number>
}

/** Milliseconds per tick of all 45 symbols × 4 timeframes, measured once per parameter set (onceEach). */
export const tickLatencies = onceEach((params: StrategyParams): TickLatencies => {
  const full: Array<number> = []
  for (let r = 0; r < 60; r++) {
    const t0 = performance.now()
    for (const u of universe) analyze(inputsAt(u, BARS), initialStrategyState, 0, params)
    full.push(performance.now() - t0)
  }
  const states: Array<StrategyState> = universe.map(
    (u) => analyze(inputsAt(u, BARS), initialStrategyState, 0, params).state
  )
  const incremental: Array<number> = []
  for (let k = 1; k <= TICKS; k++) {
    const t0 = performance.now()
    universe.forEach((u, i) => {
      states[i] = analyze(inputsAt(u, BARS + k), states[i]!, 0, params).state
    })
    incremental.push(performance.now() - t0)
  }
  return { full: full.slice(10), incremental }
})

/** The largest real candle file; the incremental throughput is measured over it. */
export const REAL_FILE = "../shared/data/binance/SOL_USDT-15m.norm.csv"

export const INCREMENTAL_CASES: ReadonlyArray<readonly [string, AnalyzerFeatures]> = [
  ["decision role, original model (ATR, ATR ratio, FVG tracker)", { originalFvg: true }],
  ["decision role, swing model (ATR, ATR ratio, swings, BOS/CHoCH, OB, FVG, liquidity)", { swing: true }],
  ["every accumulator at once (EMA, ADX, both models)", { ema: true, adx: true, originalFvg: true, swing: true }]
]

export interface Throughput {
  readonly bars: number
  /** Candles per second of each of RUNS passes (one SeriesAnalyzer fed bar by bar over the whole file). */
  readonly rates: ReadonlyArray<number>
}

const RUNS = 7

/** Incremental analysis throughput over REAL_FILE, measured once per feature set (onceEach); None without the file. */
export const incrementalThroughput = onceEach((features: AnalyzerFeatures): Option.Option<Throughput> => {
  if (!existsSync(REAL_FILE)) return Option.none()
  const parsed = parseCandles(readFileSync(REAL_FILE, "utf8"), {
    file: REAL_FILE,
    symbol: "SOL/USDT",
    timeframe: "15m"
  })
  if (Either.isLeft(parsed)) throw new Error(parsed.left.message)
  const series = parsed.right
  const params = strategyParams()
  const rates: Array<number> = []
  for (let r = 0; r < RUNS; r++) {
    const analyzer = new SeriesAnalyzer(params, features)
    const t0 = performance.now()
    for (let n = 1; n <= series.length; n++) analyzer.advance(cut(series, n))
    rates.push((series.length / (performance.now() - t0)) * 1000)
  }
  return Option.some({ bars: series.length, rates })
})
