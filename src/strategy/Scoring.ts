import type { Side } from "../domain/Side.ts"
import { type FibLevels, fibScore } from "./Fibonacci.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bias } from "./Types.ts"

/** Which structures were found (spec §5 "SMC quality"). */
export interface SmcPresence {
  readonly orderBlock: boolean
  readonly fvg: boolean
  readonly bos: boolean
}

export interface ScoreInputs {
  readonly side: Side
  readonly bias: Bias
  readonly smc: SmcPresence
  readonly fib: FibLevels | undefined
  /** The structural entry price the Fib component is measured at. */
  readonly entry: number
  /** 1h ADX; NaN scores 0. */
  readonly adx: number
  readonly higherTfBonus: number
  readonly higherTfPenalty: number
  /** Optional conviction adjustment passed in by the shell (off in production). */
  readonly thesisScoreAdjustment: number
  /** Cost of a reconfirmation inside the tolerance band rather than the zone (0 otherwise). */
  readonly entryTolerancePenalty: number
}

export interface Score {
  readonly smc: number
  readonly fib: number
  readonly htf: number
  readonly adx: number
  readonly cost: number
  readonly higherTfBonus: number
  readonly higherTfPenalty: number
  readonly thesisScoreAdjustment: number
  readonly entryTolerancePenalty: number
  readonly total: number
}

export const smcPoints = (smc: SmcPresence): number =>
  Math.min(25, (smc.orderBlock ? 10 : 0) + (smc.fvg ? 8 : 0) + (smc.bos ? 7 : 0))

export const htfPoints = (side: Side, bias: Bias): number =>
  bias === "neutral" ? 10 : (side === "long") === (bias === "bullish") ? 20 : 0

export const adxPoints = (adx: number): number => (adx >= 40 ? 15 : adx >= 30 ? 12 : adx >= 25 ? 10 : adx >= 20 ? 7 : 0)

export const costPoints = (costBps: number): number =>
  costBps <= 10 ? 20 : costBps <= 20 ? 15 : costBps <= 30 ? 10 : costBps <= 50 ? 5 : 0

/** Every component visible, and their total. */
export const scoreSetup = (input: ScoreInputs, params: StrategyParams): Score => {
  const parts = {
    smc: smcPoints(input.smc),
    fib: fibScore(input.fib, input.entry, params.fib_proximity_bps),
    htf: htfPoints(input.side, input.bias),
    adx: adxPoints(input.adx),
    cost: costPoints(params.cost_bps),
    higherTfBonus: input.higherTfBonus,
    higherTfPenalty: input.higherTfPenalty,
    thesisScoreAdjustment: input.thesisScoreAdjustment,
    entryTolerancePenalty: input.entryTolerancePenalty
  }
  const total =
    parts.smc +
    parts.fib +
    parts.htf +
    parts.adx +
    parts.cost +
    parts.higherTfBonus +
    parts.higherTfPenalty +
    parts.thesisScoreAdjustment +
    parts.entryTolerancePenalty
  return { ...parts, total }
}

/** The gate: tight (OB/FVG) or wide (BOS/trend) regime, "aligned" meaning the bias is not neutral. */
export const scoreThreshold = (params: StrategyParams, wide: boolean, bias: Bias): number => {
  const aligned = bias !== "neutral"
  if (wide) return aligned ? params.min_score_wide_structure_aligned : params.min_score_wide_structure_neutral
  return aligned ? params.min_score_tight_smc_aligned : params.min_score_tight_smc_neutral
}
