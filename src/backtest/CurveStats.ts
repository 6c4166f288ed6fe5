import type { Decimal } from "../domain/Money.ts"
import type { EquityPoint } from "./BacktestResult.ts"

export const DAY_MS = 86_400_000
/** Crypto trades every day of the year: daily figures annualise with 365, not 252. */
export const DAYS_PER_YEAR = 365

interface Sample {
  readonly timestamp: number
  readonly equity: Decimal
}
type Samples = readonly [Sample, ...ReadonlyArray<Sample>]

/** The deepest peak-to-trough fall of the equity curve, and how long it lasted. */
export interface Drawdown {
  /** (peak − trough) / peak, 0 for a curve that never fell. */
  readonly fraction: number
  readonly amount: Decimal
  readonly peakAt: number
  readonly troughAt: number
  /** First time equity was back at the peak; null when it never recovered before the end. */
  readonly recoveredAt: number | null
  /** Peak to recovery, or peak to the last point when not recovered. */
  readonly durationMs: number
}

/** The curve with the starting equity as its first point, so a fall on the first tick counts. */
export const withStart = (start: Sample, curve: ReadonlyArray<EquityPoint>): Samples => [start, ...curve]

export const maxDrawdown = (points: Samples): Drawdown => {
  const first = points[0]
  let peak = first
  let worst: { peak: typeof first; trough: typeof first; fraction: number; amount: Decimal } = {
    peak: first,
    trough: first,
    fraction: 0,
    amount: first.equity.minus(first.equity)
  }
  for (const p of points) {
    if (p.equity.gt(peak.equity)) peak = p
    const amount = peak.equity.minus(p.equity)
    const fraction = peak.equity.gt(0) ? amount.div(peak.equity).toNumber() : 0
    if (fraction > worst.fraction) worst = { peak, trough: p, fraction, amount }
  }
  const recovery = points.find((p) => p.timestamp > worst.trough.timestamp && p.equity.gte(worst.peak.equity))
  const last = points.at(-1) ?? first
  const recoveredAt = worst.fraction === 0 ? null : (recovery?.timestamp ?? null)
  return {
    fraction: worst.fraction,
    amount: worst.amount,
    peakAt: worst.peak.timestamp,
    troughAt: worst.trough.timestamp,
    recoveredAt,
    durationMs: worst.fraction === 0 ? 0 : (recoveredAt ?? last.timestamp) - worst.peak.timestamp
  }
}

/**
 * Daily returns: the equity at the last point of each UTC day (carried over days without points), each
 * compared with the day before; the first day compares with the starting equity.
 */
export const dailyReturns = (startEquity: Decimal, curve: ReadonlyArray<EquityPoint>): ReadonlyArray<number> => {
  const first = curve[0]
  const last = curve.at(-1)
  if (first === undefined || last === undefined) return []
  const closes: Array<Decimal> = []
  const firstDay = Math.floor(first.timestamp / DAY_MS)
  for (const p of curve) closes[Math.floor(p.timestamp / DAY_MS) - firstDay] = p.equity
  const returns: Array<number> = []
  let previous = startEquity
  for (let day = 0; day < closes.length; day++) {
    const close = closes[day] ?? previous
    returns.push(previous.isZero() ? 0 : close.div(previous).minus(1).toNumber())
    previous = close
  }
  return returns
}

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Mean daily return over its sample standard deviation, × √365. Null under two days or for a flat curve. */
export const sharpe = (returns: ReadonlyArray<number>): number | null => {
  if (returns.length < 2) return null
  const m = mean(returns)
  const variance = returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1)
  return variance <= 0 ? null : (m / Math.sqrt(variance)) * Math.sqrt(DAYS_PER_YEAR)
}

/** Mean daily return over the downside deviation √(Σ min(r, 0)² / n), × √365. Null without a losing day. */
export const sortino = (returns: ReadonlyArray<number>): number | null => {
  if (returns.length < 2) return null
  const downside = returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length
  return downside <= 0 ? null : (mean(returns) / Math.sqrt(downside)) * Math.sqrt(DAYS_PER_YEAR)
}

/** (final / initial)^(365 days / span) − 1; null for a span under a day or a wiped-out account. */
export const cagr = (initial: Decimal, final: Decimal, spanMs: number): number | null => {
  if (spanMs < DAY_MS || initial.lte(0) || final.lt(0)) return null
  return final.div(initial).toNumber() ** ((DAYS_PER_YEAR * DAY_MS) / spanMs) - 1
}

/** Share of the curve's time with at least one open position (each point holds until the next). */
export const exposure = (curve: ReadonlyArray<EquityPoint>): number | null => {
  const first = curve[0]
  const last = curve.at(-1)
  if (first === undefined || last === undefined || last.timestamp <= first.timestamp) return null
  let held = 0
  for (let i = 0; i + 1 < curve.length; i++) {
    const p = curve[i]!
    if (p.openPositions > 0) held += curve[i + 1]!.timestamp - p.timestamp
  }
  return held / (last.timestamp - first.timestamp)
}

/** Highest margin used / equity reached (0 for a run that never held margin). */
export const maxMarginUtilisation = (curve: ReadonlyArray<EquityPoint>): number =>
  curve.reduce((max, p) => (p.equity.gt(0) ? Math.max(max, p.marginUsed.div(p.equity).toNumber()) : max), 0)

export const maxConcurrentPositions = (curve: ReadonlyArray<EquityPoint>): number =>
  curve.reduce((max, p) => Math.max(max, p.openPositions), 0)
