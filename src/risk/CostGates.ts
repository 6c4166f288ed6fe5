import { Either } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { TradeRegime } from "../domain/Signal.ts"
import { BPS, dec, type RiskParams } from "./RiskParams.ts"
import { type Rejected, reject } from "./RiskRejection.ts"

const FUNDING_INTERVAL_HOURS = 8
// Comparisons of price ratios against a configured multiple: 1.99999 is 2 (the original's exact test refused it).
const RATIO_TOLERANCE = dec(1e-6)

export interface CostInput {
  readonly regime: TradeRegime
  readonly notional: Decimal
  readonly entry: Decimal
  readonly stop: Decimal
  readonly takeProfit?: Decimal | undefined
}

const avgHoldHours = (regime: TradeRegime, params: RiskParams): number =>
  regime === "tight_smc" ? params.tight_smc_avg_hold_hours : params.wide_structure_avg_hold_hours

/** Round-trip taker fees plus funding over the regime's average hold, in USD (§3.8). */
export const estimatedCost = (input: CostInput, params: RiskParams): Decimal => {
  const fees = input.notional.times(params.taker_fee_bps).times(2).div(BPS)
  const perInterval = input.notional.times(params.funding_rate_daily_bps).div(BPS).div(3)
  const intervals = dec(avgHoldHours(input.regime, params)).div(FUNDING_INTERVAL_HOURS)
  // tight_smc charges at most one interval; other regimes every interval of the hold
  return fees.plus(perInterval.times(input.regime === "tight_smc" ? Decimal.min(intervals, 1) : intervals))
}

const rewardToRisk = (input: CostInput, tp: Decimal): Decimal =>
  tp.minus(input.entry).abs().div(input.stop.minus(input.entry).abs())

/** Regime cost gates (§3.8): tight-SMC cost cap and minimum R:R; wide distortion and funding hard cap. */
export const regimeCostGate = (input: CostInput, params: RiskParams): Either.Either<Decimal, Rejected> => {
  const cost = estimatedCost(input, params)
  const stopPct = input.entry.minus(input.stop).abs().div(input.entry)
  if (input.regime === "tight_smc") {
    const cap = input.notional.times(params.tight_smc_cost_cap_bps).div(BPS)
    if (cost.gt(cap)) return reject("TIGHT_SMC_COST_CAP", `cost ${cost.toFixed(2)} > cap ${cap.toFixed(2)} USD`)
    const rr = input.takeProfit === undefined ? undefined : rewardToRisk(input, input.takeProfit)
    if (rr?.plus(RATIO_TOLERANCE).lt(params.tight_smc_min_rr_multiple)) {
      return reject("TIGHT_SMC_MIN_RR", `R:R ${rr.toFixed(3)} < ${params.tight_smc_min_rr_multiple}`)
    }
    return Either.right(cost)
  }
  const distortion = cost.div(input.notional.times(stopPct))
  if (distortion.gt(params.wide_structure_max_distortion_pct)) {
    return reject(
      "WIDE_RR_DISTORTION",
      `cost is ${distortion.toFixed(3)} of the risk > ${params.wide_structure_max_distortion_pct}`
    )
  }
  const fundingBps = dec(params.funding_rate_daily_bps).times(params.wide_structure_avg_hold_hours).div(24)
  const hardCap = params.wide_structure_funding_hard_cap_bps
  return hardCap > 0 && fundingBps.gt(hardCap)
    ? reject("WIDE_FUNDING_CONTANGO", `funding ${fundingBps.toFixed(2)} bps over the hold > ${hardCap}`)
    : Either.right(cost)
}

/** Edge needed over the first target, in bps of entry (§3.8): round-trip cost × buffer × k. */
export const requiredEdgeBps = (
  regime: TradeRegime,
  params: RiskParams
): { readonly bps: Decimal; readonly funding: Decimal } => {
  const fees = params.fee_edge_use_conservative_taker
    ? dec(params.taker_fee_bps).times(2)
    : dec(params.maker_fee_bps).plus(params.taker_fee_bps)
  const funding = Decimal.max(
    dec(params.funding_rate_daily_bps).times(avgHoldHours(regime, params)).div(24),
    params.fee_edge_funding_floor_bps
  )
  const cost = fees.plus(params.fee_edge_slippage_bps_est).plus(funding).times(params.fee_edge_cost_buffer_multiplier)
  return { bps: cost.times(params.fee_edge_multiple_k), funding }
}

/** Fee-edge guard (§3.8): the first target must pay k times the round trip; no target is no edge. */
export const feeEdgeGate = (input: CostInput, params: RiskParams): Either.Either<void, Rejected> => {
  if (!params.fee_edge_guard_enabled) return Either.right(undefined)
  const { bps: required, funding } = requiredEdgeBps(input.regime, params)
  if (input.takeProfit === undefined) return reject("EDGE_BELOW_FEES_PLUS_FUNDING", "no take-profit target")
  const edge = input.takeProfit.minus(input.entry).abs().div(input.entry).times(BPS)
  if (edge.gte(required)) return Either.right(undefined)
  const detail = `edge ${edge.toFixed(1)} bps < required ${required.toFixed(1)} bps`
  return reject(funding.gt(0) ? "EDGE_BELOW_FEES_PLUS_FUNDING" : "EDGE_BELOW_FEES", detail)
}
