import { Schema } from "effect"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import { Signal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { analyze, initialStrategyState } from "./Analyze.ts"
import { fibLevels } from "./Fibonacci.ts"
import { resample } from "./Resample.ts"
import { fibRecord } from "./SignalRecord.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import { poolLevel } from "./swing/Liquidity.ts"
import { SwingEngine } from "./swing/SwingEngine.ts"
import type { Bars } from "./Types.ts"

const iso = (ms: number): string => new Date(ms).toISOString()

/** The series at `tf`: the input itself, resampled from a finer input, or empty when the input is coarser. */
const seriesAt = (series: CandleSeries, tf: Timeframe): Bars => {
  if (tf === series.timeframe) return series
  return timeframeMs[tf] > timeframeMs[series.timeframe]
    ? resample(series, series.timeframe, tf, series.symbol)
    : { ...series, length: 0 }
}

/** The structure primitives of the `swing` model over the input's own bars, every event with its bar of knowledge. */
const primitives = (series: CandleSeries, swingLength: number) => {
  const engine = new SwingEngine(swingLength)
  for (let t = 0; t < series.length; t++) engine.push(series, t, t)
  const time = (i: number) => iso(series.openTime[i]!)
  return {
    swings: engine.swings.live.map((s) => ({
      index: s.index,
      time: time(s.index),
      kind: s.kind,
      price: s.price,
      confirmedAt: s.confirmedAt
    })),
    structure: engine.structure.all
      .filter((e) => e.supersededAt === null)
      .map((e) => ({
        index: e.index,
        time: time(e.index),
        kind: e.kind,
        direction: e.direction,
        level: e.level,
        brokenAt: e.brokenAt,
        confirmedAt: e.confirmedAt
      })),
    orderBlocks: engine.orderBlocks.all.map((o) => ({
      index: o.index,
      time: time(o.index),
      direction: o.direction,
      top: o.top,
      bottom: o.bottom,
      volume: o.volume,
      percentage: o.percentage,
      confirmedAt: o.confirmedAt,
      mitigatedAt: o.mitigatedAt,
      invalidatedAt: o.invalidatedAt
    })),
    liquidity: engine.liquidity.all.map((p) => ({
      index: p.index,
      time: time(p.index),
      direction: p.direction,
      level: poolLevel(p),
      end: p.members.at(-1)!.index,
      swings: p.members.length,
      confirmedAt: p.confirmedAt,
      sweptAt: p.sweptAt
    })),
    fvgs: engine.fvgs.all.map((g) => ({
      index: g.index,
      time: time(g.index),
      direction: g.direction,
      top: g.top,
      bottom: g.bottom,
      confirmedAt: g.confirmedAt,
      mitigatedAt: g.mitigatedAt
    }))
  }
}

/**
 * The `trading analyze --json` document for one candle series: the swing model's swings, BOS/CHoCH, order
 * blocks, fair value gaps and liquidity pools on the input's bars (indices are 0-based input rows;
 * `confirmedAt` / `brokenAt` / `mitigatedAt` / `sweptAt` are the bars at which each fact became known), the
 * daily bias and Fibonacci levels, and the strategy's answer on the last closed bar. The other timeframes
 * the strategy needs are resampled from the input (1h bars stand in for 15m); from a coarser input the
 * answer is MISSING_DATA.
 */
export const analyzeDocument = (
  series: CandleSeries,
  symbol: SpotSymbol,
  params: StrategyParams,
  /** Stored series of the other timeframes (`trading analyze --symbol`), used instead of resampling. */
  others: Partial<Record<Timeframe, Bars>> = {}
) => {
  const at = (tf: Timeframe): Bars => others[tf] ?? seriesAt(series, tf)
  const decision = at(params.decision_timeframe)
  const result = analyze(
    {
      symbol,
      daily: at("1d"),
      decision,
      hourly: at("1h"),
      m15: others["15m"] ?? (timeframeMs[series.timeframe] <= timeframeMs["1h"] ? series : { ...series, length: 0 })
    },
    initialStrategyState,
    series.length === 0 ? 0 : series.openTime[series.length - 1]! + timeframeMs[series.timeframe],
    params
  )
  const fib = fibLevels(decision.high, decision.low, decision.length, params.fib_lookback)
  const e = result.evaluation
  return {
    bars: series.length,
    symbol,
    timeframe: series.timeframe,
    swingLength: params.swing_length,
    ...primitives(series, params.swing_length),
    bias: e.bias ?? null,
    fibonacci: fib === undefined ? null : { timeframe: params.decision_timeframe, ...fibRecord(fib) },
    signal: result.signal._tag === "TradeSignal" ? Schema.encodeSync(Signal)(result.signal) : null,
    rejection: e.kind === "reject" ? { code: e.code, regime: e.regime, reasoning: e.reasoning } : null
  }
}

export type AnalyzeDocument = ReturnType<typeof analyzeDocument>
