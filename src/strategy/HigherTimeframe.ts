import { type FibLevels, fibLevels } from "./Fibonacci.ts"
import { originalBos } from "./OriginalStructure.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars, Bias } from "./Types.ts"

const DAY_MS = 86_400_000
/** Weekly zone ratios, measured from the weekly swing low for both directions (the original's rule). */
const ZONE_LOW = 0.618
const ZONE_HIGH = 0.786

/** Open time of the ISO week (Monday 00:00 UTC) containing `ms`; 1970-01-01 was a Thursday. */
export const isoWeekStart = (ms: number): number => {
  const day = Math.floor(ms / DAY_MS)
  return (day - ((day + 3) % 7)) * DAY_MS
}

export interface WeeklyBars {
  readonly length: number
  readonly openTime: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
}

/** ISO-week bars (max high, min low, first day's open time) from daily bars [start, end); the last week may be partial. */
export const weeklyBars = (daily: Bars, start: number, end: number): WeeklyBars => {
  const openTime: Array<number> = []
  const high: Array<number> = []
  const low: Array<number> = []
  let week = Number.NaN
  for (let i = start; i < end; i++) {
    const w = isoWeekStart(daily.openTime[i]!)
    const last = high.length - 1
    if (w !== week) {
      week = w
      openTime.push(daily.openTime[i]!)
      high.push(daily.high[i]!)
      low.push(daily.low[i]!)
    } else {
      high[last] = Math.max(high[last]!, daily.high[i]!)
      low[last] = Math.min(low[last]!, daily.low[i]!)
    }
  }
  return {
    length: high.length,
    openTime: Float64Array.from(openTime),
    high: Float64Array.from(high),
    low: Float64Array.from(low)
  }
}

/** Daily BOS bias (spec §3.6): the original BOS test both ways on ≥ 10 daily bars; exactly one true wins. */
export const dailyBosBias = (daily: Bars, end: number, k: number): Bias => {
  if (end < 10) return "neutral"
  const up = originalBos(daily, end, "bullish", k)
  const down = originalBos(daily, end, "bearish", k)
  return up === down ? "neutral" : up ? "bullish" : "bearish"
}

/** The daily-derived part of the context: changes only when a daily bar is added, so it is cached per daily bar. */
export interface WeeklyContext {
  readonly dailyBias: Bias
  readonly weeklyFib: FibLevels | undefined
  readonly zoneLow: number
  readonly zoneHigh: number
}

export const weeklyContext = (daily: Bars, end: number, params: StrategyParams): WeeklyContext => {
  const weeks = weeklyBars(daily, Math.max(0, end - params.higher_tf_daily_bars), end)
  const fib = fibLevels(weeks.high, weeks.low, weeks.length, params.fib_lookback)
  return {
    dailyBias: dailyBosBias(daily, end, params.bos_confirmation_candles),
    weeklyFib: fib,
    zoneLow: fib === undefined ? Number.NaN : fib.swingLow + ZONE_LOW * fib.range,
    zoneHigh: fib === undefined ? Number.NaN : fib.swingLow + ZONE_HIGH * fib.range
  }
}

export interface HigherTimeframeGate {
  readonly allowed: boolean
  readonly inZone: boolean
  readonly bonus: number
  readonly penalty: number
}

/**
 * The weekly-zone gate (spec §3.6) for `price` (the last decision close). No weekly levels → allowed with
 * no bonus. Inside → bonus weekly weight (+ daily weight when the daily BOS bias is directional). Outside →
 * rejected in hard mode, penalised in soft mode.
 */
export const higherTimeframeGate = (ctx: WeeklyContext, price: number, params: StrategyParams): HigherTimeframeGate => {
  if (ctx.weeklyFib === undefined) return { allowed: true, inZone: false, bonus: 0, penalty: 0 }
  if (price >= ctx.zoneLow && price <= ctx.zoneHigh) {
    const daily = ctx.dailyBias === "neutral" ? 0 : params.daily_bias_weight
    return { allowed: true, inZone: true, bonus: params.weekly_fib_confluence_weight + daily, penalty: 0 }
  }
  return params.higher_tf_mode === "hard"
    ? { allowed: false, inZone: false, bonus: 0, penalty: 0 }
    : { allowed: true, inZone: false, bonus: 0, penalty: params.higher_tf_penalty_outside_zone }
}
