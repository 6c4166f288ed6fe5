import { fmt } from "./Format.ts"
import type { StructureChange } from "./MarketStructure.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars } from "./Types.ts"

/** 15m bars the reconfirmation needs, and how many of the last ones must reach beyond the break price. */
export const RECONFIRMATION_MIN_BARS = 3
export const RECONFIRMATION_BREAK_BARS = 10
/** Cap of the tolerance band, whatever the ATR adds. */
const MAX_TOLERANCE = 0.05

export interface Reconfirmation {
  /** The original's "entry ready": the direction check runs only then. */
  readonly ready: boolean
  /** `entry_zone_tolerance_score_penalty` when the close was in the band but not in the zone, else 0. */
  readonly penalty: number
  readonly reason: string
}

/** Tolerance of the band around the zone: `entry_zone_tolerance_pct` (+ ATR/price × mult when adaptive), capped at 5 %. */
export const entryZoneTolerance = (params: StrategyParams, atr: number, price: number): number => {
  // Without an ATR (too few decision bars) the band is the fixed part only.
  const adaptive =
    params.entry_zone_tolerance_adaptive && Number.isFinite(atr)
      ? (atr / price) * params.entry_zone_tolerance_atr_mult
      : 0
  return Math.min(MAX_TOLERANCE, params.entry_zone_tolerance_pct + adaptive)
}

/**
 * The reconfirmation step after a confirmed structure change (spec §3.7, run when
 * `skip_reconfirmation_in_trends` is false): the last 15m close must be inside the setup's zone [low, high],
 * or inside the band [low × (1 − tol), high × (1 + tol)] at a score cost; and the highest high (bullish
 * change) / lowest low (bearish) of the last 10 15m bars must be beyond the break price.
 */
export const reconfirm = (
  m15: Bars,
  zone: { readonly low: number; readonly high: number },
  change: StructureChange,
  atr: number,
  params: StrategyParams
): Reconfirmation => {
  const n = m15.length
  if (n < RECONFIRMATION_MIN_BARS)
    return { ready: false, penalty: 0, reason: `fewer than ${RECONFIRMATION_MIN_BARS} 15m bars to reconfirm on` }
  const price = m15.close[n - 1]!
  const tolerance = entryZoneTolerance(params, atr, price)
  const inZone = price >= zone.low && price <= zone.high
  const inBand = price >= zone.low * (1 - tolerance) && price <= zone.high * (1 + tolerance)
  if (!inBand)
    return {
      ready: false,
      penalty: 0,
      reason: `waiting for reconfirmation: 15m close ${fmt(price)} outside ${fmt(zone.low)}–${fmt(zone.high)} ± ${fmt(100 * tolerance)} %`
    }
  const bullish = change.direction === "bullish"
  let extreme = bullish ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  for (let i = Math.max(0, n - RECONFIRMATION_BREAK_BARS); i < n; i++)
    extreme = bullish ? Math.max(extreme, m15.high[i]!) : Math.min(extreme, m15.low[i]!)
  if (bullish ? !(extreme > change.breakPrice) : !(extreme < change.breakPrice))
    return {
      ready: false,
      penalty: 0,
      reason: `waiting for reconfirmation: 15m ${bullish ? "high" : "low"} ${fmt(extreme)} not beyond the break price ${fmt(change.breakPrice)}`
    }
  return {
    ready: true,
    penalty: inZone ? 0 : params.entry_zone_tolerance_score_penalty,
    reason: inZone
      ? `reconfirmed: 15m close ${fmt(price)} in the zone`
      : `reconfirmed within ${fmt(100 * tolerance)} % of the zone (${params.entry_zone_tolerance_score_penalty} points)`
  }
}
