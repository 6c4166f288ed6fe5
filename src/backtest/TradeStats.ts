import type { Decimal } from "../domain/Money.ts"
import { type BacktestTrade, sumDecimals } from "./BacktestResult.ts"

/** Figures over a set of closed trades (the whole run or one symbol). Null where no trade defines them. */
export interface TradeStats {
  readonly trades: number
  readonly wins: number
  readonly losses: number
  /** wins / trades (a trade wins when its net P&L is above zero). */
  readonly winRate: number | null
  /** Sum of winning net P&L over the absolute sum of losing net P&L; null without a losing trade. */
  readonly profitFactor: number | null
  /** Mean net P&L per trade. */
  readonly expectancy: Decimal | null
  /** Mean R multiple over the trades that have one. */
  readonly averageR: number | null
  readonly netPnl: Decimal
  readonly fees: Decimal
  readonly funding: Decimal
}

export const tradeStats = (trades: ReadonlyArray<BacktestTrade>): TradeStats => {
  const net = trades.map((t) => t.trade.netPnl)
  const winning = net.filter((p) => p.gt(0))
  const losing = net.filter((p) => p.lt(0))
  const netPnl = sumDecimals(net)
  const lossSum = sumDecimals(losing).abs()
  const rs = trades.flatMap((t) => (t.rMultiple === null ? [] : [t.rMultiple]))
  return {
    trades: trades.length,
    wins: winning.length,
    losses: losing.length,
    winRate: trades.length === 0 ? null : winning.length / trades.length,
    profitFactor: lossSum.isZero() ? null : sumDecimals(winning).div(lossSum).toNumber(),
    expectancy: trades.length === 0 ? null : netPnl.div(trades.length),
    averageR: rs.length === 0 ? null : rs.reduce((a, b) => a + b, 0) / rs.length,
    netPnl,
    fees: sumDecimals(trades.map((t) => t.trade.fees)),
    funding: sumDecimals(trades.map((t) => t.trade.funding))
  }
}

/** Trade stats per symbol, in symbol order (not trade order), so the table reads the same for any run order. */
export const statsBySymbol = (
  trades: ReadonlyArray<BacktestTrade>
): ReadonlyArray<{ readonly symbol: string; readonly stats: TradeStats }> => {
  const groups = new Map<string, Array<BacktestTrade>>()
  for (const t of trades) {
    const group = groups.get(t.trade.symbol)
    if (group === undefined) groups.set(t.trade.symbol, [t])
    else group.push(t)
  }
  return [...groups.keys()].sort().map((symbol) => ({ symbol, stats: tradeStats(groups.get(symbol) ?? []) }))
}
