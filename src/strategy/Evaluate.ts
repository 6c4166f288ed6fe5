import type { Side } from "../domain/Side.ts"
import type { EmaSlope, NoSignalRegime, RejectionCode, SetupType, TradeRegime } from "../domain/Signal.ts"
import { dailyBias } from "./Bias.ts"
import { type DecisionStructure, decisionStructure } from "./DecisionStructure.ts"
import { type FibLevels, fibConfluence, fibLevels } from "./Fibonacci.ts"
import { fmt } from "./Format.ts"
import { higherTimeframeGate, type WeeklyContext } from "./HigherTimeframe.ts"
import { computeLevels, type Levels } from "./Levels.ts"
import { structureChange } from "./MarketStructure.ts"
import type { OrderBlock } from "./OriginalStructure.ts"
import { reconfirm } from "./Reconfirmation.ts"
import { rsiDivergence } from "./RsiDivergence.ts"
import { type Score, scoreSetup, scoreThreshold } from "./Scoring.ts"
import type { SeriesAnalyzer } from "./SeriesAnalyzer.ts"
import { chooseSetup } from "./SetupChoice.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars, Bias } from "./Types.ts"

/** One evaluation's inputs: closed bars only, oldest first, plus what the shell injects. */
export interface EvaluationInputs {
  readonly daily: Bars
  readonly decision: Bars
  readonly hourly: Bars
  readonly m15: Bars
  /** Stop-outs of this symbol in the stop-widening window (0 when unknown). */
  readonly recentStopOuts: number
  /** Conviction score adjustment from the thesis tracker (0 when off). */
  readonly thesisScoreAdjustment: number
}

export interface Analyzers {
  readonly daily: SeriesAnalyzer
  readonly decision: SeriesAnalyzer
  readonly hourly: SeriesAnalyzer
}

export interface Rejection {
  readonly kind: "reject"
  readonly code: RejectionCode
  readonly regime: NoSignalRegime
  readonly timestamp: number
  readonly reasoning: ReadonlyArray<string>
  readonly bias: Bias | undefined
  readonly adx: number
  readonly atr: number
  readonly score: Score | undefined
  readonly threshold: number | undefined
}

export interface Setup {
  readonly kind: "trade"
  readonly timestamp: number
  readonly side: Side
  readonly levels: Levels
  readonly setupType: SetupType
  readonly regime: TradeRegime
  readonly bias: Bias
  readonly emaSlope: EmaSlope
  readonly adx: number
  readonly atr: number
  readonly atrRatio: number
  readonly score: Score
  readonly threshold: number
  /** The order block traded on, when the setup is one. */
  readonly orderBlock: OrderBlock | undefined
  readonly structure: DecisionStructure
  /** Decision-timeframe levels; only a wide setup can lack them. */
  readonly fib: FibLevels | undefined
  readonly reasoning: ReadonlyArray<string>
  /** Identity of the setup for emit-once: type, side and the bar of its structure. */
  readonly setupId: string
}

export type Evaluation = Rejection | Setup

/** Regime tag of early no-signals from the 1h ADX (spec §3.5 fallback heuristic). */
const adxRegime = (hourly: Bars, adx: number): NoSignalRegime =>
  hourly.length === 0 ? "no_data" : adx > 0 && adx < 25 ? "consolidation" : "wide_structure"

const SETUP_NAMES: Record<SetupType, string> = {
  ob: "order block",
  fvg: "fair value gap",
  bos: "break of structure",
  trend: "trend"
}

/**
 * Why a setup is already dead, if it is: a decision close since its structure bar at or beyond the stop, or
 * the last close at or beyond the take profit (the original still emitted both).
 */
const tradedThrough = (decision: Bars, anchor: number, levels: Levels): string | undefined => {
  const long = levels.side === "long"
  for (let i = anchor + 1; i < decision.length; i++) {
    const c = decision.close[i]!
    if (long ? c <= levels.stop : c >= levels.stop) return `closed beyond the stop ${fmt(levels.stop)} at bar ${i}`
  }
  const last = decision.close[decision.length - 1]!
  if (long ? last >= levels.takeProfit : last <= levels.takeProfit)
    return `price already beyond the take profit ${fmt(levels.takeProfit)}`
  return undefined
}

/**
 * The pipeline of spec §3 in its evaluation order, for the last closed decision bar. Pure: the analyzers
 * must already have been advanced over the inputs; `nowMs` only stamps missing-data rejections.
 */
export const evaluate = (
  inputs: EvaluationInputs,
  analyzers: Analyzers,
  weekly: () => WeeklyContext,
  nowMs: number,
  params: StrategyParams
): Evaluation => {
  const { daily, decision, hourly } = inputs
  const reasoning: Array<string> = []
  const adx = analyzers.hourly.adx?.value ?? Number.NaN
  const atr = analyzers.decision.atr.value
  let bias: Bias | undefined
  const reject = (
    code: RejectionCode,
    regime: NoSignalRegime,
    line: string,
    extra: { score?: Score; threshold?: number; timestamp?: number } = {}
  ): Rejection => ({
    kind: "reject",
    code,
    regime,
    timestamp: extra.timestamp ?? decision.openTime[decision.length - 1]!,
    reasoning: [...reasoning, line],
    bias,
    adx,
    atr,
    score: extra.score,
    threshold: extra.threshold
  })

  if (inputs.m15.length === 0) return reject("MISSING_DATA", "no_data", "missing 15m data", { timestamp: nowMs })
  if (decision.length === 0) return reject("MISSING_DATA", "no_data", "missing decision data", { timestamp: nowMs })
  if (hourly.length === 0) return reject("MISSING_DATA", "no_data", "missing 1h data", { timestamp: nowMs })
  if (daily.length === 0) return reject("NO_DAILY_DATA", adxRegime(hourly, adx), "no daily candles for the bias")

  const ema = analyzers.daily.ema?.value ?? Number.NaN
  const dailyClose = daily.close[daily.length - 1]!
  bias = dailyBias(ema, dailyClose, params.ema_neutral_zone_bps)
  reasoning.push(`bias ${bias}: daily close ${fmt(dailyClose)} vs EMA${params.ema_period} ${fmt(ema)}`)
  // The original searched "neutral" as bearish and could never pass the neutral gate (spec §3.3).
  if (bias === "neutral")
    return reject("NO_DECISION_STRUCTURE", "no_4h_structure", "neutral bias: no directional search")
  const direction = bias
  const side: Side = bias === "bullish" ? "long" : "short"

  if (decision.length < params.orderblock_lookback)
    return reject("NO_DECISION_STRUCTURE", "no_4h_structure", `fewer than ${params.orderblock_lookback} decision bars`)
  const structure = decisionStructure(decision, analyzers.decision, direction, params)
  const setup = chooseSetup(structure, direction, decision, params)
  if (setup === undefined)
    return reject(
      "NO_DECISION_STRUCTURE",
      "no_4h_structure",
      params.structure_model === "original" ? "no valid order block" : "no order block, fair value gap or break in bias"
    )
  if (params.require_bos_confirmation && !structure.bos)
    return reject("NO_DECISION_STRUCTURE", "no_4h_structure", "break of structure required, none found")
  reasoning.push(setup.reasoning)
  const rsi = analyzers.decision.rsi
  if (params.rsi_divergence_enabled && rsi !== undefined)
    reasoning.push(`RSI divergence: ${rsiDivergence(decision, rsi, params.rsi_divergence_lookback)}`)
  const regime = setup.regime
  const wide = regime === "wide_structure"

  const lastClose = decision.close[decision.length - 1]!
  let htfBonus = 0
  let htfPenalty = 0
  if (params.higher_tf_enabled) {
    const gate = higherTimeframeGate(weekly(), lastClose, params)
    if (!gate.allowed) return reject("HTF_OUTSIDE_WEEKLY_ZONE", regime, "price outside the weekly zone")
    htfBonus = gate.bonus
    htfPenalty = gate.penalty
  }

  const atrRatio = analyzers.decision.atrRatio.value
  // The swing model has BOS/CHoCH instead of the tracker.
  const tracked = params.structure_model === "original"
  const change = tracked ? structureChange(decision, decision.length, params, atrRatio) : undefined
  if (change !== undefined && !change.confirmed)
    return reject("STRUCTURE_CHANGE_UNCONFIRMED", regime, `${change.direction} structure change not confirmed`)
  let entryTolerancePenalty = 0
  if (change !== undefined && !params.skip_reconfirmation_in_trends) {
    const zone = { low: Math.min(setup.entry, setup.invalidation), high: Math.max(setup.entry, setup.invalidation) }
    const again = reconfirm(inputs.m15, zone, change, atr, params)
    if (!again.ready) return reject("STRUCTURE_CHANGE_UNCONFIRMED", regime, again.reason)
    reasoning.push(again.reason)
    entryTolerancePenalty = again.penalty
  }
  if (tracked && change === undefined && params.require_ms_change_confirmation)
    return reject("STRUCTURE_CHANGE_UNCONFIRMED", regime, "waiting for a structure break")

  if (Number.isNaN(adx) || Number.isNaN(atr))
    return reject("INDICATORS_UNAVAILABLE", regime, "ADX (1h) or ATR (decision) not available")
  if (adx < params.adx_threshold)
    return reject("ADX_BELOW_THRESHOLD", regime, `ranging: ADX ${fmt(adx)} < ${params.adx_threshold}`)

  const levels = computeLevels(
    {
      side,
      entry: setup.entry,
      invalidation: setup.invalidation,
      atr,
      wide,
      recentStopOuts: inputs.recentStopOuts,
      hourly
    },
    params
  )
  if (levels === undefined)
    return reject("NO_DECISION_STRUCTURE", regime, `${SETUP_NAMES[setup.type]} gives no valid stop`)
  const dead = params.invalidate_traded_setups ? tradedThrough(decision, setup.anchor, levels) : undefined
  if (dead !== undefined) return reject("PRICE_OUTSIDE_ZONE", regime, dead)

  // The gate is the tight regime's (spec §3.10); a wide setup only scores its Fibonacci confluence.
  const fib = fibLevels(decision.high, decision.low, decision.length, params.fib_lookback)
  if (!wide && fib === undefined)
    return reject("NO_FIB_LEVELS", regime, "no Fibonacci levels on the decision timeframe")
  if (!wide && fib !== undefined && !fibConfluence(fib, levels.entry, params.fib_proximity_bps))
    return reject("NOT_IN_FIB_ZONE", regime, `entry ${fmt(levels.entry)} not in OTE or near a Fib level`)

  // The original only ran this check on a path production never takes (spec §3.7).
  if (change !== undefined && change.direction !== direction)
    return reject("DIRECTION_CONFLICT", regime, `structure turned ${change.direction} against the bias`)

  const score = scoreSetup(
    {
      side,
      bias,
      smc: { orderBlock: setup.orderBlock !== undefined, fvg: structure.fvg !== undefined, bos: structure.bos },
      fib,
      entry: levels.entry,
      adx,
      higherTfBonus: htfBonus,
      higherTfPenalty: htfPenalty,
      thesisScoreAdjustment: inputs.thesisScoreAdjustment,
      entryTolerancePenalty
    },
    params
  )
  const threshold = scoreThreshold(params, wide, bias)
  if (score.total < threshold)
    return reject("SCORE_BELOW_THRESHOLD", regime, `score ${fmt(score.total)} < ${threshold}`, {
      score,
      threshold
    })
  reasoning.push(`score ${fmt(score.total)} ≥ ${threshold}`)

  return {
    kind: "trade",
    timestamp: decision.openTime[decision.length - 1]!,
    side,
    levels,
    setupType: setup.type,
    regime,
    bias,
    emaSlope: analyzers.daily.ema?.slope ?? "flat",
    adx,
    atr,
    atrRatio,
    score,
    threshold,
    orderBlock: setup.orderBlock,
    structure,
    fib,
    reasoning,
    setupId: setup.id
  }
}
