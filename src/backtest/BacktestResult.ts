import type { DecisionRejectionReason } from "../decision/DecisionRejection.ts"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import { type Decimal, ZERO } from "../domain/Money.ts"
import type { RejectionCode } from "../domain/Signal.ts"
import type { Trade } from "../domain/Trade.ts"
import type { RiskRejection } from "../risk/RiskRejection.ts"
import type { AnalyzeDocument } from "../strategy/AnalyzeDocument.ts"

/** What the run was asked to do: echoed in every report so a result names its own inputs. */
export interface RunParameters {
  readonly symbols: ReadonlyArray<string>
  /** Epoch ms UTC, inclusive start of the simulated span. */
  readonly from: number
  /** Epoch ms UTC, exclusive end of the simulated span. */
  readonly to: number
  readonly seed: number
  readonly initialEquity: Decimal
  /** Hash of the effective configuration, so two reports can be told apart by config. */
  readonly configDigest: string
}

/** The account after one tick of the virtual clock. */
export interface EquityPoint {
  readonly timestamp: number
  readonly equity: Decimal
  readonly marginUsed: Decimal
  readonly openPositions: number
}

/** The stop replaced at `at` (break-even, trailing): the new trigger price. */
export interface StopMove {
  readonly at: number
  readonly price: Decimal
}

/** A closed round trip with what is needed to judge it in units of risk. */
export interface BacktestTrade {
  readonly trade: Trade
  /** The protective stop when the position was opened (1 R = |entry − stop| × size). */
  readonly stopAtEntry: Decimal
  /** Later stop replacements in time order (empty when the stop never moved). */
  readonly stopMoves: ReadonlyArray<StopMove>
  /** Net P&L in units of initial risk; null when the stop sat at the entry (no risk defined). */
  readonly rMultiple: number | null
}

/** A supply/demand area drawn on a price chart: an order block or fair value gap of the swing model. */
export interface Zone {
  readonly kind: "orderBlock" | "fvg"
  readonly direction: "bullish" | "bearish"
  readonly top: number
  readonly bottom: number
  /** Open time of the bar that formed it. */
  readonly from: number
  /** Open time of the bar that mitigated it; null while still open at the end of the chart. */
  readonly to: number | null
}

/** Candles and zones of one symbol, for its price chart. */
export interface SymbolChart {
  readonly symbol: string
  readonly candles: CandleSeries
  readonly zones: ReadonlyArray<Zone>
}

/** Every reason an entry was refused: the strategy's no-signal codes, the decision's and the risk manager's. */
export type RejectionReason = RiskRejection | RejectionCode | DecisionRejectionReason

/**
 * Everything a backtest hands to the reports. Entry, exit and stop markers are derived from `trades`
 * (entry and exit times and prices, `stopAtEntry`), so the driver does not record them twice.
 */
export interface BacktestResult {
  readonly run: RunParameters
  /** Oldest first; the reports treat `run.initialEquity` at `run.from` as the point before the first. */
  readonly equityCurve: ReadonlyArray<EquityPoint>
  /** Closed trades in exit order. */
  readonly trades: ReadonlyArray<BacktestTrade>
  /** Totals over the whole run, including positions still open at the end. */
  readonly fees: Decimal
  readonly funding: Decimal
  readonly rejections: ReadonlyMap<RejectionReason, number>
  readonly charts: ReadonlyArray<SymbolChart>
}

/** A trade with its R multiple computed from the stop it was opened with. */
export const backtestTrade = (
  trade: Trade,
  stopAtEntry: Decimal,
  stopMoves: ReadonlyArray<StopMove> = []
): BacktestTrade => {
  const risk = trade.entryPrice.minus(stopAtEntry).abs().times(trade.size)
  return { trade, stopAtEntry, stopMoves, rMultiple: risk.isZero() ? null : trade.netPnl.div(risk).toNumber() }
}

type ZoneSource = Pick<AnalyzeDocument, "orderBlocks" | "fvgs">
interface ZoneRow {
  readonly direction: Zone["direction"]
  readonly top: number
  readonly bottom: number
  readonly index: number
  readonly mitigatedAt: number | null
  readonly invalidatedAt?: number | null
}

/** The swing model's order blocks and fair value gaps as chart zones (bar indices become open times). */
export const zonesFromAnalysis = (series: CandleSeries, doc: ZoneSource): ReadonlyArray<Zone> => {
  const at = (index: number | null): number | null =>
    index === null || index >= series.length ? null : (series.openTime[index] ?? null)
  // A zone ends at the first bar that mitigated or invalidated it (fair value gaps have no invalidation).
  const zone = (kind: Zone["kind"], z: ZoneRow): Zone => {
    const ends = [z.mitigatedAt, z.invalidatedAt ?? null].filter((i): i is number => i !== null)
    const end = ends.length === 0 ? null : Math.min(...ends)
    return { kind, direction: z.direction, top: z.top, bottom: z.bottom, from: at(z.index) ?? 0, to: at(end) }
  }
  return [...doc.orderBlocks.map((o) => zone("orderBlock", o)), ...doc.fvgs.map((g) => zone("fvg", g))]
}

/** Final equity: the last curve point, or the initial equity for a run without ticks. */
export const finalEquity = (result: BacktestResult): Decimal =>
  result.equityCurve.at(-1)?.equity ?? result.run.initialEquity

export const sumDecimals = (values: ReadonlyArray<Decimal>): Decimal => values.reduce((a, b) => a.plus(b), ZERO)
