import type { Tier } from "../domain/Instrument.ts"
import { Decimal } from "../domain/Money.ts"
import { dec, type RiskParams, type TierConfigs } from "./RiskParams.ts"

/** Leverage used for sizing (§3.2): the target, never above the global cap nor the tier's (unknown tier → C). */
export const sizingLeverage = (params: RiskParams, tiers: TierConfigs, tier: Tier | undefined): Decimal =>
  Decimal.min(dec(params.target_leverage), dec(params.max_leverage), dec(tiers[tier ?? "C"].max_leverage))

/** Notional ceiling for one position: the global cap, or the tier's if lower. */
export const maxPositionUsd = (params: RiskParams, tiers: TierConfigs, tier: Tier | undefined): Decimal =>
  Decimal.min(dec(params.max_position_size_usd), dec(tiers[tier ?? "C"].max_position_usd))

/** Kelly fraction `W − (1 − W)/R`, capped absolutely at `kelly_max_fraction` (§3.3). */
export const kellyFraction = (params: RiskParams): Decimal => {
  const w = dec(params.kelly_win_prob)
  const k = w.minus(dec(1).minus(w).div(params.kelly_win_loss_ratio))
  return Decimal.min(k, dec(params.kelly_max_fraction))
}

/** Volatility adjustment: shrink in high volatility, grow in low (multipliers, §3.3 "Do"); none without an ATR ratio. */
export const volatilityMultiplier = (params: RiskParams, atrRatio: number | undefined): Decimal => {
  if (atrRatio === undefined) return dec(1)
  if (atrRatio > params.vol_sizing_atr_threshold_high) return dec(params.vol_sizing_high_vol_multiplier)
  if (atrRatio < params.vol_sizing_atr_threshold_low) return dec(params.vol_sizing_low_vol_multiplier)
  return dec(1)
}

export interface BaseSizingInput {
  readonly equity: Decimal
  readonly leverage: Decimal
  /** |entry − stop| / entry, > 0. */
  readonly stopPct: Decimal
  readonly atrRatio?: number | undefined
}

/** Base notional of the configured method (§3.3), before any cap. Kelly with no edge sizes 0. */
export const baseNotional = (params: RiskParams, input: BaseSizingInput): Decimal => {
  const { equity, leverage, stopPct } = input
  const fixed = () => equity.times(params.risk_per_trade_pct).div(stopPct)
  const kelly = () => {
    const f = kellyFraction(params)
    if (f.lte(0)) return dec(0)
    return Decimal.min(equity.times(f), equity.times(params.max_risk_per_trade_entry_pct)).div(stopPct)
  }
  switch (params.sizing_method) {
    case "leverage_based":
      return equity.times(leverage).times(params.risk_per_trade_pct)
    case "fixed":
      return fixed()
    case "kelly":
      return kelly()
    case "volatility":
      return fixed().times(volatilityMultiplier(params, input.atrRatio))
    case "kelly_volatility":
      return kelly().times(volatilityMultiplier(params, input.atrRatio))
  }
}
