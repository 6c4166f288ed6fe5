import { fractals } from "./Fractals.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars, Direction } from "./Types.ts"

export type StructureState = "BULLISH" | "BEARISH" | "NEUTRAL"

interface TrackedStructure {
  readonly state: StructureState
  readonly lastHigh: number
  readonly lastLow: number
}

/**
 * The tracker's structure over bars [0, end) (spec §3.7): 1-bar fractals over the last `lookback` bars;
 * the last two swing highs and lows both higher → BULLISH, both lower → BEARISH, else NEUTRAL. Undefined
 * with fewer than lookback + 5 bars or without a swing high and a swing low.
 */
export const trackedStructure = (bars: Bars, end: number, lookback: number): TrackedStructure | undefined => {
  if (end < lookback + 5) return undefined
  const { highs, lows } = fractals(bars.high, bars.low, end, lookback)
  const lastHigh = highs.at(-1)
  const lastLow = lows.at(-1)
  if (lastHigh === undefined || lastLow === undefined) return undefined
  const prevHigh = highs.at(-2)
  const prevLow = lows.at(-2)
  const state: StructureState =
    prevHigh === undefined || prevLow === undefined
      ? "NEUTRAL"
      : lastHigh > prevHigh && lastLow > prevLow
        ? "BULLISH"
        : lastHigh < prevHigh && lastLow < prevLow
          ? "BEARISH"
          : "NEUTRAL"
  return { state, lastHigh, lastLow }
}

export interface StructureChange {
  readonly direction: Direction
  readonly breakPrice: number
  /** Bars that had to hold beyond the break price, and whether they did. */
  readonly confirmationBars: number
  readonly confirmed: boolean
}

/** Bars the confirmation needs, adapted to volatility through the ATR ratio when `adaptive_enabled`. */
export const confirmationBars = (params: StrategyParams, atrRatio: number): number => {
  if (!params.adaptive_enabled || Number.isNaN(atrRatio)) return params.ms_confirmation_candles
  if (atrRatio > params.atr_confirmation_threshold_high) return params.ms_confirmation_candles_high_vol
  if (atrRatio < params.atr_confirmation_threshold_low) return params.min_confirmation_candles
  return params.ms_confirmation_candles
}

/**
 * The tracker as a function of the candles: a change event exists at bar end−1 when the structure flipped
 * BULLISH ↔ BEARISH between the views ending at end−2 and end−1. The original compared against the state of
 * its previous call, so its answer depended on which earlier calls got this far; this one does not.
 */
export const structureChange = (
  bars: Bars,
  end: number,
  params: StrategyParams,
  atrRatio: number
): StructureChange | undefined => {
  const before = trackedStructure(bars, end - 1, params.ms_tracker_lookback)
  const now = trackedStructure(bars, end, params.ms_tracker_lookback)
  if (before === undefined || now === undefined) return undefined
  const flippedUp = before.state === "BEARISH" && now.state === "BULLISH"
  const flippedDown = before.state === "BULLISH" && now.state === "BEARISH"
  if (!flippedUp && !flippedDown) return undefined
  const direction: Direction = flippedUp ? "bullish" : "bearish"
  const breakPrice = flippedUp ? now.lastHigh : now.lastLow
  const n = Math.min(confirmationBars(params, atrRatio), end)
  const tolerance = params.ms_confirmation_tolerance_pct
  let confirmed = true
  for (let i = end - n; i < end; i++) {
    if (flippedUp ? bars.low[i]! < (1 - tolerance) * breakPrice : bars.high[i]! > (1 + tolerance) * breakPrice)
      confirmed = false
  }
  return { direction, breakPrice, confirmationBars: n, confirmed }
}
