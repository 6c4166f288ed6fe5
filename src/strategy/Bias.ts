import type { Bias } from "./Types.ts"

/**
 * Daily bias (spec §3.3): neutral when the EMA is unavailable (NaN) or 0, or price is within
 * `neutralZoneBps` of it; otherwise bullish above, bearish below.
 */
export const dailyBias = (ema: number, price: number, neutralZoneBps: number): Bias => {
  if (!(ema > 0) || !Number.isFinite(price)) return "neutral"
  if ((Math.abs(price - ema) / ema) * 10_000 < neutralZoneBps) return "neutral"
  return price > ema ? "bullish" : "bearish"
}
