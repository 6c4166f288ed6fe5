import type { Decimal } from "../domain/Money.ts"
import { type BacktestResult, finalEquity, type RejectionReason } from "./BacktestResult.ts"
import {
  cagr,
  type Drawdown,
  dailyReturns,
  exposure,
  maxConcurrentPositions,
  maxDrawdown,
  maxMarginUtilisation,
  sharpe,
  sortino,
  withStart
} from "./CurveStats.ts"
import { statsBySymbol, type TradeStats, tradeStats } from "./TradeStats.ts"

/**
 * The figures of a backtest report. Money is exact (Decimal); ratios are floats. Sharpe and Sortino use
 * daily returns of the equity curve (UTC days), a risk-free rate of zero, annualised with √365. Null marks a figure the run does not
 * define (no trades, no losing trade, a flat curve, a span under a day), never Infinity or NaN.
 */
export interface Metrics {
  readonly initialEquity: Decimal
  readonly finalEquity: Decimal
  readonly netProfit: Decimal
  readonly totalReturn: number
  readonly cagr: number | null
  readonly maxDrawdown: Drawdown
  readonly sharpe: number | null
  readonly sortino: number | null
  /** CAGR / max drawdown fraction; null when either is missing or the curve never fell. */
  readonly calmar: number | null
  readonly tradingDays: number
  readonly exposure: number | null
  readonly fees: Decimal
  readonly funding: Decimal
  readonly trades: TradeStats
  readonly bySymbol: ReadonlyArray<{ readonly symbol: string; readonly stats: TradeStats }>
  readonly maxMarginUtilisation: number
  readonly maxConcurrentPositions: number
  /** Rejection counts sorted by reason, whatever order the driver counted them in. */
  readonly rejections: ReadonlyArray<{ readonly reason: RejectionReason; readonly count: number }>
}

export const computeMetrics = (result: BacktestResult): Metrics => {
  const { run, equityCurve } = result
  const initial = run.initialEquity
  const final = finalEquity(result)
  const drawdown = maxDrawdown(withStart({ timestamp: run.from, equity: initial }, equityCurve))
  const returns = dailyReturns(initial, equityCurve)
  const growth = cagr(initial, final, run.to - run.from)
  return {
    initialEquity: initial,
    finalEquity: final,
    netProfit: final.minus(initial),
    totalReturn: initial.isZero() ? 0 : final.div(initial).minus(1).toNumber(),
    cagr: growth,
    maxDrawdown: drawdown,
    sharpe: sharpe(returns),
    sortino: sortino(returns),
    calmar: growth === null || drawdown.fraction === 0 ? null : growth / drawdown.fraction,
    tradingDays: returns.length,
    exposure: exposure(equityCurve),
    fees: result.fees,
    funding: result.funding,
    trades: tradeStats(result.trades),
    bySymbol: statsBySymbol(result.trades),
    maxMarginUtilisation: maxMarginUtilisation(equityCurve),
    maxConcurrentPositions: maxConcurrentPositions(equityCurve),
    rejections: [...result.rejections.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
  }
}
