import { Effect, Either, Option } from "effect"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import { type Decimal, ZERO } from "../domain/Money.ts"
import { PositionId } from "../domain/Position.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import type { EngineState } from "../exchange/sim/EngineState.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import type { MarketDataSource } from "../market/MarketDataSource.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import { analyzeDocument } from "../strategy/AnalyzeDocument.ts"
import type { StrategyParams } from "../strategy/StrategyParams.ts"
import {
  type BacktestTrade,
  backtestTrade,
  type RejectionReason,
  type SymbolChart,
  zonesFromAnalysis
} from "./BacktestResult.ts"
import { acceptedTriggers, stopMovesOf } from "./StopMoves.ts"

const EVERYTHING = { from: 0, to: Number.MAX_SAFE_INTEGER }
const ALL_TRADES = 1_000_000_000

/**
 * Every closed trade, in exit order, with the stop its position was opened with (the entry plan's initial stop,
 * from the registry, which keeps finished positions) and the stop's later moves (the venue's acceptances of the
 * position's stop orders). Trades whose position the registry does not know (none in a backtest) fall back to no
 * defined risk: stop = entry, no moves.
 */
export const closedTrades = (venue: EngineState) =>
  Effect.gen(function* () {
    const registry = yield* PositionRegistry
    const accepted = acceptedTriggers(venue)
    const trades = [...(yield* (yield* TradeRepository).recent(ALL_TRADES))].sort(
      (a, b) => a.exitedAt - b.exitedAt || (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0)
    )
    return yield* Effect.forEach(
      trades,
      (trade): Effect.Effect<BacktestTrade> =>
        Effect.map(registry.get(PositionId.make(trade.tradeId)), (position) =>
          Option.match(position, {
            onNone: () => backtestTrade(trade, trade.entryPrice),
            onSome: (p) => backtestTrade(trade, p.plan.initialStop, stopMovesOf(p, accepted))
          })
        )
    )
  })

const codeOf = (details: Readonly<Record<string, unknown>>): string | undefined => {
  if (details.outcome === "rejected" && typeof details.code === "string") return details.code
  const signal = details.signal
  if (typeof signal === "object" && signal !== null && "code" in signal && typeof signal.code === "string") {
    return signal.code
  }
  return undefined
}

/**
 * Rejection counts by reason from the run's `decision_trace` events: every signal the decision refused (gate,
 * market, auction, sizing), and the strategy's no-signal codes as the strategy records them (once per symbol each
 * time the code or the decision bar changes, not once per tick).
 */
export const rejectionCounts = Effect.gen(function* () {
  const traces = yield* (yield* SystemEventRepository).byType("decision_trace", EVERYTHING)
  const counts = new Map<RejectionReason, number>()
  for (const trace of traces) {
    const code = codeOf(trace.details) as RejectionReason | undefined
    if (code !== undefined) counts.set(code, (counts.get(code) ?? 0) + 1)
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
})

/** Fees and funding the venue booked over the run (funding paid positive), open positions included. */
export const venueCosts = (state: EngineState): { readonly fees: Decimal; readonly funding: Decimal } => {
  let fees = ZERO
  let funding = ZERO
  for (const entry of state.ledger.toArray()) {
    fees = fees.plus(entry.fee)
    if (entry.kind === "funding") funding = funding.minus(entry.amount)
  }
  return { fees, funding }
}

/** Charts are drawn from hourly bars (or the data's own, when coarser): enough detail, a bounded size. */
const chartTimeframe = (base: Timeframe): Timeframe => (timeframeMs[base] >= timeframeMs["1h"] ? base : "1h")

/** One price chart per symbol over the run's span, with the swing model's order blocks and fair value gaps. */
export const symbolCharts = (
  candles: MarketDataSource["Type"],
  base: Timeframe,
  symbols: ReadonlyArray<SpotSymbol>,
  span: { readonly from: number; readonly to: number },
  params: StrategyParams
): Effect.Effect<ReadonlyArray<SymbolChart>> =>
  Effect.map(
    Effect.forEach(symbols, (symbol) =>
      Effect.either(candles.closedCandles(symbol, chartTimeframe(base), span.from, span.to))
    ),
    (results) =>
      results.flatMap((result, i) => {
        const symbol = symbols[i]!
        if (Either.isLeft(result) || result.right.length === 0) return []
        const series: CandleSeries = result.right
        return [{ symbol, candles: series, zones: zonesFromAnalysis(series, analyzeDocument(series, symbol, params)) }]
      })
  )
