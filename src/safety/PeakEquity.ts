import { Decimal } from "../domain/Money.ts"

/**
 * Next persisted peak equity (§8.1): set to equity when absent; raised only when equity exceeds it by more
 * than `minIncrease` (so float-level jitter never rewrites the record).
 */
export const nextPeak = (peak: Decimal | undefined, equity: Decimal, minIncrease: number): Decimal =>
  peak === undefined || equity.minus(peak).gt(minIncrease) ? equity : peak

/** Drawdown from peak as a fraction (0 when at or above the peak or without a positive peak). */
export const drawdownOf = (peak: Decimal, equity: Decimal): Decimal =>
  peak.lte(0) || equity.gte(peak) ? new Decimal(0) : peak.minus(equity).div(peak)

const REREAD_AGREEMENT = 0.05

/**
 * Equity to believe after two confirmation reads of an implausible drawdown: their average when they agree
 * within 5 %, else the lower (fail toward caution).
 */
export const settleEquity = (first: Decimal, second: Decimal): Decimal => {
  const high = Decimal.max(first, second)
  const low = Decimal.min(first, second)
  const agree = high.lte(0) ? high.eq(low) : high.minus(low).div(high).lte(REREAD_AGREEMENT)
  return agree ? first.plus(second).div(2) : low
}
