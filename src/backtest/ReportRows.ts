import { dateTime, duration, money, NA, percent, ratio } from "./Format.ts"
import type { Metrics } from "./Metrics.ts"

// The figures as display rows, shared by the terminal and HTML reports so both always show the same numbers.

/** Label and value of every headline figure, in reading order. */
export const summaryRows = (m: Metrics): ReadonlyArray<ReadonlyArray<string>> => [
  ["Initial equity", money(m.initialEquity)],
  ["Final equity", money(m.finalEquity)],
  ["Net profit", money(m.netProfit)],
  ["Total return", percent(m.totalReturn)],
  ["CAGR", percent(m.cagr)],
  ["Max drawdown", `${percent(m.maxDrawdown.fraction)} (${money(m.maxDrawdown.amount)})`],
  ["Drawdown duration", duration(m.maxDrawdown.durationMs)],
  ["Drawdown peak", m.maxDrawdown.fraction === 0 ? NA : dateTime(m.maxDrawdown.peakAt)],
  ["Drawdown recovered", m.maxDrawdown.recoveredAt === null ? NA : dateTime(m.maxDrawdown.recoveredAt)],
  ["Sharpe (daily, x sqrt 365)", ratio(m.sharpe)],
  ["Sortino (daily, x sqrt 365)", ratio(m.sortino)],
  ["Calmar", ratio(m.calmar)],
  ["Trades", String(m.trades.trades)],
  ["Win rate", percent(m.trades.winRate)],
  ["Profit factor", ratio(m.trades.profitFactor)],
  ["Expectancy", money(m.trades.expectancy)],
  ["Average R", ratio(m.trades.averageR)],
  ["Exposure", percent(m.exposure)],
  ["Fees", money(m.fees)],
  ["Funding", money(m.funding)],
  ["Max margin utilisation", percent(m.maxMarginUtilisation)],
  ["Max concurrent positions", String(m.maxConcurrentPositions)]
]

/** Header row, then one row per symbol. */
export const symbolRows = (m: Metrics): ReadonlyArray<ReadonlyArray<string>> => [
  ["Symbol", "Trades", "Win rate", "Net P&L", "Profit factor", "Avg R", "Fees", "Funding"],
  ...m.bySymbol.map(({ symbol, stats: s }) => [
    symbol,
    String(s.trades),
    percent(s.winRate),
    money(s.netPnl),
    ratio(s.profitFactor),
    ratio(s.averageR),
    money(s.fees),
    money(s.funding)
  ])
]

/** Header row, then one row per rejection reason. */
export const rejectionRows = (m: Metrics): ReadonlyArray<ReadonlyArray<string>> => [
  ["Reason", "Count"],
  ...m.rejections.map((r) => [r.reason, String(r.count)])
]
