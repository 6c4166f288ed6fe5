import type { Signal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { type Analyzers, type Evaluation, evaluate } from "./Evaluate.ts"
import { type WeeklyContext, weeklyContext } from "./HigherTimeframe.ts"
import { SeriesAnalyzer } from "./SeriesAnalyzer.ts"
import { toSignal as toSignalOf } from "./SignalRecord.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars } from "./Types.ts"

/** One symbol's candles for a tick: closed bars only, oldest first. */
export interface StrategyInputs {
  readonly symbol: SpotSymbol
  readonly daily: Bars
  /** The decision timeframe's series (`decision_timeframe`, 4h in production). */
  readonly decision: Bars
  readonly hourly: Bars
  readonly m15: Bars
  readonly recentStopOuts?: number
  readonly thesisScoreAdjustment?: number
}

/**
 * Per-symbol state carried from tick to tick: the incremental analyzers (owned and advanced in place), the
 * cached weekly context, and the setups already emitted (emit once per setup, spec §10.1 #1).
 */
export interface StrategyState {
  readonly analyzers: Analyzers | undefined
  readonly weekly: { readonly key: string; readonly value: WeeklyContext } | undefined
  /**
   * Emitted setup ids → open time of the decision bar they were emitted on, pruned once that bar is older
   * than the structure lookback (the setup can no longer be found then).
   */
  readonly emitted: ReadonlyMap<string, number>
}

export const initialStrategyState: StrategyState = { analyzers: undefined, weekly: undefined, emitted: new Map() }

export interface AnalysisResult {
  readonly signal: Signal
  readonly evaluation: Evaluation
  readonly state: StrategyState
}

const advanced = (analyzer: SeriesAnalyzer | undefined, series: Bars, make: () => SeriesAnalyzer): SeriesAnalyzer => {
  if (analyzer?.advance(series)) return analyzer
  const fresh = make()
  fresh.advance(series)
  return fresh
}

const advanceAll = (inputs: StrategyInputs, prior: Analyzers | undefined, params: StrategyParams): Analyzers => {
  const swing = params.structure_model === "swing"
  return {
    daily: advanced(prior?.daily, inputs.daily, () => new SeriesAnalyzer(params, { ema: true })),
    decision: advanced(
      prior?.decision,
      inputs.decision,
      () => new SeriesAnalyzer(params, { originalFvg: !swing, swing, rsi: params.rsi_divergence_enabled })
    ),
    hourly: advanced(prior?.hourly, inputs.hourly, () => new SeriesAnalyzer(params, { adx: true }))
  }
}

/** Evaluation without the emit-once registry: what a fresh and an incremental run must agree on. */
export const evaluateInputs = (
  inputs: StrategyInputs,
  state: StrategyState,
  nowMs: number,
  params: StrategyParams
): { readonly evaluation: Evaluation; readonly state: StrategyState } => {
  const analyzers = advanceAll(inputs, state.analyzers, params)
  const daily = inputs.daily
  const windowStart = Math.max(0, daily.length - params.higher_tf_daily_bars)
  const key = daily.length === 0 ? "" : `${daily.openTime[windowStart]}|${daily.openTime[daily.length - 1]}`
  let weekly = state.weekly
  const weeklyNow = (): WeeklyContext => {
    if (weekly?.key !== key) weekly = { key, value: weeklyContext(daily, daily.length, params) }
    return weekly.value
  }
  const evaluation = evaluate(
    {
      daily,
      decision: inputs.decision,
      hourly: inputs.hourly,
      m15: inputs.m15,
      recentStopOuts: inputs.recentStopOuts ?? 0,
      thesisScoreAdjustment: inputs.thesisScoreAdjustment ?? 0
    },
    analyzers,
    weeklyNow,
    nowMs,
    params
  )
  return { evaluation, state: { ...state, analyzers, weekly } }
}

/**
 * `analyze(inputs, state, now) → (result, state)` of spec §9.1: the pipeline on the last closed decision
 * bar, then the emit-once rule: a setup (direction + order-block bar) that was already emitted is reported
 * as DUPLICATE_STRUCTURE instead of re-signalled every cycle. `nowMs` only stamps missing-data no-signals.
 */
export const analyze = (
  inputs: StrategyInputs,
  state: StrategyState,
  nowMs: number,
  params: StrategyParams
): AnalysisResult => {
  const step = evaluateInputs(inputs, state, nowMs, params)
  const evaluation = dedupe(step.evaluation, step.state.emitted, params)
  const emitted = record(evaluation, step.state.emitted, inputs.decision, params)
  return { signal: toSignalOf(inputs.symbol, evaluation), evaluation, state: { ...step.state, emitted } }
}

const dedupe = (e: Evaluation, emitted: ReadonlyMap<string, number>, params: StrategyParams): Evaluation =>
  e.kind === "trade" && params.signal_structure_dedupe_enabled && emitted.has(e.setupId)
    ? {
        kind: "reject",
        code: "DUPLICATE_STRUCTURE",
        regime: e.regime,
        timestamp: e.timestamp,
        reasoning: [...e.reasoning, `setup ${e.setupId} already emitted`],
        bias: e.bias,
        adx: e.adx,
        atr: e.atr,
        score: e.score,
        threshold: e.threshold
      }
    : e

/**
 * Open time of the oldest decision bar whose emitted setups are still remembered: a setup emitted before it is
 * older than the structure lookback and can no longer be found.
 */
export const emittedHorizon = (decision: Bars, params: StrategyParams): number =>
  decision.openTime[Math.max(0, decision.length - 2 - params.orderblock_lookback)] ?? 0

const record = (
  e: Evaluation,
  emitted: ReadonlyMap<string, number>,
  decision: Bars,
  params: StrategyParams
): ReadonlyMap<string, number> => {
  const horizon = emittedHorizon(decision, params)
  const stale = [...emitted.values()].some((t) => t < horizon)
  if (e.kind !== "trade" && !stale) return emitted
  const next = new Map([...emitted].filter(([, t]) => t >= horizon))
  if (e.kind === "trade") next.set(e.setupId, e.timestamp)
  return next
}
