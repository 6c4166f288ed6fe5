import type { Side } from "../domain/Side.ts"
import { fractals } from "./Fractals.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars } from "./Types.ts"

export interface LevelInputs {
  readonly side: Side
  readonly entry: number
  /** The structure level whose loss invalidates the setup (OB low for a long). */
  readonly invalidation: number
  /** Decision-timeframe ATR. */
  readonly atr: number
  /** Tight (OB/FVG) or wide (BOS/trend) regime: stop buffer and minimum R:R differ. */
  readonly wide: boolean
  /** Stop-outs of this symbol in the widening window, injected by the caller. */
  readonly recentStopOuts: number
  /** Refinement (1h) bars for take-profit candidates. */
  readonly hourly: Bars
}

export interface Levels {
  readonly side: Side
  readonly entry: number
  readonly stop: number
  readonly takeProfit: number
  readonly risk: number
  readonly minRewardRisk: number
  readonly stopMultiplier: number
  /** Up to five swing levels beyond entry, nearest first. */
  readonly tpCandidates: ReadonlyArray<number>
}

/** ATR multiple of the stop buffer: the mean of the regime's range, widened after repeated stop-outs. */
export const stopMultiplier = (params: StrategyParams, wide: boolean, recentStopOuts: number): number => {
  const base = wide
    ? (params.wide_structure_atr_stop_min + params.wide_structure_atr_stop_max) / 2
    : (params.tight_smc_atr_stop_min + params.tight_smc_atr_stop_max) / 2
  if (!params.stop_widen_enabled || recentStopOuts < params.stop_widen_threshold) return base
  const extra = params.stop_widen_increment * (recentStopOuts - params.stop_widen_threshold)
  return base * Math.min(params.stop_widen_factor + extra, params.stop_widen_max_factor)
}

/**
 * Entry, stop and take profit (spec §4). Stop = invalidation ∓ ATR × multiplier. TP = the nearest of up to
 * five 1h swing levels beyond entry that is at least min R:R × risk away, else entry ± min R:R × risk.
 * Undefined when the risk is zero or not finite or a level is not positive (the original replaced a zero risk by 1, a meaningless stop).
 */
export const computeLevels = (input: LevelInputs, params: StrategyParams): Levels | undefined => {
  const mult = stopMultiplier(params, input.wide, input.recentStopOuts)
  const long = input.side === "long"
  const stop = long ? input.invalidation - input.atr * mult : input.invalidation + input.atr * mult
  const risk = Math.abs(input.entry - stop)
  if (!(risk > 0) || !Number.isFinite(risk) || (long ? stop >= input.entry : stop <= input.entry)) return undefined
  const minRewardRisk = input.wide ? params.wide_structure_min_rr : params.tight_smc_min_rr
  const { highs, lows } = fractals(input.hourly.high, input.hourly.low, input.hourly.length, params.tp_swing_window)
  const tpCandidates = long
    ? highs
        .filter((p) => p > input.entry)
        .sort((a, b) => a - b)
        .slice(0, 5)
    : lows
        .filter((p) => p < input.entry)
        .sort((a, b) => b - a)
        .slice(0, 5)
  const needed = minRewardRisk * risk
  const swingTarget = tpCandidates.find((p) => Math.abs(p - input.entry) >= needed)
  const takeProfit = swingTarget ?? (long ? input.entry + needed : input.entry - needed)
  // Prices must stay positive: a stop or target at or below zero is no trade plan.
  if (!(stop > 0) || !(takeProfit > 0)) return undefined
  return {
    side: input.side,
    entry: input.entry,
    stop,
    takeProfit,
    risk,
    minRewardRisk,
    stopMultiplier: mult,
    tpCandidates
  }
}
