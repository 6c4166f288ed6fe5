import { Effect, FiberRef, LogLevel } from "effect"
import type { DecisionRejection } from "../decision/DecisionRejection.ts"
import type { CycleDecision } from "../decision/DecisionTypes.ts"
import type { NoSignal, TradeSignal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"

/** What became of one symbol this tick, in pipeline order: not analysed, no setup, dropped, decided. */
export type TraceOutcome = "held" | "no_signal" | "stale" | "rejected" | "accepted" | "undecided"

/** One symbol's decision trace of a tick: one log line, its fields the line's annotations. */
export interface SymbolTrace {
  readonly symbol: SpotSymbol
  /** The strategy's answer: a side, `none` (no setup) or `not_analysed` (kill switch held the tick). */
  readonly signal: "long" | "short" | "none" | "not_analysed"
  readonly outcome: TraceOutcome
  /** The no-signal code, the decision's rejection reason or the gate that held the tick. */
  readonly code?: string
  /** Where the decision refused the signal (gate, market, preparation, auction, sizing). */
  readonly stage?: string
  readonly score?: number
  readonly setup?: string
  /** The strategy's reasoning of a no-signal, or the decision's detail of a refusal. */
  readonly reasons: ReadonlyArray<string>
  /** The auction closes this symbol's open position (swap or go-flat), with its reason. */
  readonly exit?: string
}

/** What a trace reads of the strategy's answer (a `Signal` satisfies it). */
export type TracedSignal =
  | Pick<NoSignal, "_tag" | "symbol" | "code" | "score" | "reasoning">
  | Pick<TradeSignal, "_tag" | "symbol" | "side" | "score" | "setupType">

export interface TickTraceInput {
  readonly symbols: ReadonlyArray<SpotSymbol>
  /** Each analysed symbol's signal; empty when the kill switch held the tick. */
  readonly signals: ReadonlyArray<TracedSignal>
  /** Symbols whose market data is fresh: a trade signal of any other is dropped before the decision. */
  readonly tradable: ReadonlySet<SpotSymbol>
  /** The auction and risk decision; absent when the tick was held. */
  readonly decision: CycleDecision | undefined
}

const decided = (
  symbol: SpotSymbol,
  decision: CycleDecision | undefined
): Pick<SymbolTrace, "outcome" | "code" | "stage" | "reasons"> => {
  if (decision?.entries.some((entry) => entry.symbol === symbol)) return { outcome: "accepted", reasons: [] }
  const rejection: DecisionRejection | undefined = decision?.rejections.find((r) => r.symbol === symbol)
  if (rejection === undefined) return { outcome: "undecided", reasons: [] }
  return {
    outcome: "rejected",
    code: rejection.reason,
    stage: rejection.stage,
    reasons: rejection.detail === "" ? [] : [rejection.detail]
  }
}

const traceOf = (symbol: SpotSymbol, signal: TracedSignal | undefined, input: TickTraceInput): SymbolTrace => {
  const exitOf = input.decision?.exits.find((exit) => exit.symbol === symbol)
  const exit = exitOf === undefined ? {} : { exit: `${exitOf.reason} (${exitOf.auctionReason})` }
  if (signal === undefined) {
    return { symbol, signal: "not_analysed", outcome: "held", code: "KILL_SWITCH", reasons: [], ...exit }
  }
  if (signal._tag === "NoSignal") {
    return {
      symbol,
      signal: "none",
      outcome: "no_signal",
      code: signal.code,
      ...(signal.score === undefined ? {} : { score: signal.score }),
      reasons: signal.reasoning,
      ...exit
    }
  }
  const base = { symbol, signal: signal.side, score: signal.score, setup: signal.setupType, ...exit }
  if (!input.tradable.has(symbol)) return { ...base, outcome: "stale", code: "STALE_DATA", reasons: [] }
  return { ...base, ...decided(symbol, input.decision) }
}

/** One trace per symbol of the tick, in the universe's order. */
export const tickTraces = (input: TickTraceInput): ReadonlyArray<SymbolTrace> => {
  const bySymbol = new Map(input.signals.map((signal) => [signal.symbol, signal]))
  return input.symbols.map((symbol) => traceOf(symbol, bySymbol.get(symbol), input))
}

export type TraceLevel = "debug" | "info"

const LEVELS: Record<TraceLevel, LogLevel.LogLevel> = { debug: LogLevel.Debug, info: LogLevel.Info }

/**
 * Writes each trace as one log line at `level` (`logging.decision_trace`): a short message, the fields as
 * annotations, so a JSON line carries them as one object and the pretty format as `key=value` pairs.
 */
export const logTickTraces = (tick: number, traces: () => ReadonlyArray<SymbolTrace>, level: TraceLevel) =>
  Effect.flatMap(FiberRef.get(FiberRef.currentMinimumLogLevel), (minimum) =>
    // Below the log level (a backtest, `decision_trace: debug` at info) the traces are not even built: hot path
    LogLevel.lessThan(LEVELS[level], minimum)
      ? Effect.void
      : Effect.forEach(
          traces(),
          (trace) =>
            Effect.logWithLevel(
              LEVELS[level],
              `decision ${trace.symbol}: ${trace.outcome}${trace.code === undefined ? "" : ` ${trace.code}`}`
            ).pipe(Effect.annotateLogs({ decision_trace: true, tick, ...trace })),
          { discard: true }
        )
  )
