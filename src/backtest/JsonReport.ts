import type { Decimal } from "../domain/Money.ts"
import type { BacktestResult } from "./BacktestResult.ts"
import type { LookaheadReport } from "./LookaheadCheck.ts"
import { computeMetrics, type Metrics } from "./Metrics.ts"
import type { TradeStats } from "./TradeStats.ts"

/** JSON value with decimals already turned into strings. */
type Json = string | number | boolean | null | ReadonlyArray<Json> | { readonly [key: string]: Json }

const iso = (ms: number): string => new Date(ms).toISOString()
const dec = (x: Decimal | null): string | null => (x === null ? null : x.toString())

const statsJson = (s: TradeStats): Json => ({
  trades: s.trades,
  wins: s.wins,
  losses: s.losses,
  winRate: s.winRate,
  profitFactor: s.profitFactor,
  expectancy: dec(s.expectancy),
  averageR: s.averageR,
  netPnl: dec(s.netPnl),
  fees: dec(s.fees),
  funding: dec(s.funding)
})

const metricsJson = (m: Metrics): Json => ({
  initialEquity: dec(m.initialEquity),
  finalEquity: dec(m.finalEquity),
  netProfit: dec(m.netProfit),
  totalReturn: m.totalReturn,
  cagr: m.cagr,
  maxDrawdown: {
    fraction: m.maxDrawdown.fraction,
    amount: dec(m.maxDrawdown.amount),
    peakAt: iso(m.maxDrawdown.peakAt),
    troughAt: iso(m.maxDrawdown.troughAt),
    recoveredAt: m.maxDrawdown.recoveredAt === null ? null : iso(m.maxDrawdown.recoveredAt),
    durationMs: m.maxDrawdown.durationMs
  },
  sharpe: m.sharpe,
  sortino: m.sortino,
  calmar: m.calmar,
  returnSampling: "daily UTC closes of the equity curve, annualised with 365 days",
  tradingDays: m.tradingDays,
  exposure: m.exposure,
  fees: dec(m.fees),
  funding: dec(m.funding),
  trades: statsJson(m.trades),
  bySymbol: Object.fromEntries(m.bySymbol.map(({ symbol, stats }) => [symbol, statsJson(stats)])),
  maxMarginUtilisation: m.maxMarginUtilisation,
  maxConcurrentPositions: m.maxConcurrentPositions,
  rejections: Object.fromEntries(m.rejections.map((r) => [r.reason, r.count]))
})

/** The lookahead check's outcome; the signals are the stored JSON values they were compared as. */
const lookaheadJson = (report: LookaheadReport): Json => ({
  checked: report.checked,
  differences: report.differences.map((d) => ({
    symbol: d.symbol,
    at: iso(d.at),
    original: d.original as Json,
    cut: d.cut as Json
  }))
})

const document = (result: BacktestResult, m: Metrics, lookahead: LookaheadReport | undefined): Json => ({
  run: {
    symbols: [...result.run.symbols],
    from: iso(result.run.from),
    to: iso(result.run.to),
    seed: result.run.seed,
    initialEquity: dec(result.run.initialEquity),
    configDigest: result.run.configDigest
  },
  metrics: metricsJson(m),
  trades: result.trades.map(({ trade: t, stopAtEntry, stopMoves, rMultiple }) => ({
    tradeId: t.tradeId,
    symbol: t.symbol,
    side: t.side,
    entryPrice: dec(t.entryPrice),
    exitPrice: dec(t.exitPrice),
    stopAtEntry: dec(stopAtEntry),
    stopMoves: stopMoves.map((m) => ({ at: iso(m.at), price: dec(m.price) })),
    size: dec(t.size),
    sizeNotional: dec(t.sizeNotional),
    leverage: dec(t.leverage),
    grossPnl: dec(t.grossPnl),
    fees: dec(t.fees),
    funding: dec(t.funding),
    netPnl: dec(t.netPnl),
    rMultiple,
    enteredAt: iso(t.enteredAt),
    exitedAt: iso(t.exitedAt),
    holdingPeriodHours: t.holdingPeriodHours,
    exitReason: t.exitReason,
    makerFills: t.makerFills,
    takerFills: t.takerFills
  })),
  equityCurve: result.equityCurve.map((p) => ({
    timestamp: iso(p.timestamp),
    equity: dec(p.equity),
    marginUsed: dec(p.marginUsed),
    openPositions: p.openPositions
  })),
  // Only when `--lookahead-check` ran: a report of a run without it stays as it was
  ...(lookahead === undefined ? {} : { lookaheadCheck: lookaheadJson(lookahead) })
})

/** Object keys in code-point order at every level, so the bytes never depend on how a map was filled. */
const canonical = (value: Json): Json => {
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map(canonical)
  const object = value as { readonly [key: string]: Json }
  const sorted: { [key: string]: Json } = {}
  for (const key of Object.keys(object).sort()) sorted[key] = canonical(object[key] ?? null)
  return sorted
}

/**
 * The `--json` report: the metrics plus every trade and the equity curve, and the lookahead check's outcome when
 * it ran. Byte-for-byte deterministic: sorted keys, decimals as strings, times as ISO-8601 UTC, floats in
 * JavaScript's shortest round-trip form.
 */
export const renderJsonReport = (
  result: BacktestResult,
  metrics: Metrics = computeMetrics(result),
  lookahead?: LookaheadReport
): string => `${JSON.stringify(canonical(document(result, metrics, lookahead)), null, 2)}\n`
