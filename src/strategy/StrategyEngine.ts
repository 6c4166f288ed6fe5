import { Context, Effect, Layer, Ref, Schema } from "effect"
import { Signal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { CandleStore } from "../market/CandleStore.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { analyze, initialStrategyState, type StrategyState } from "./Analyze.ts"
import { recordedEmitted } from "./EmittedSetups.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars } from "./Types.ts"

/** What the shell knows about a symbol that the candles do not say. */
export interface SymbolContext {
  readonly recentStopOuts?: number
  readonly thesisScoreAdjustment?: number
}

const encodeSignal = Schema.encodeSync(Signal)

/**
 * The strategy for the tick: reads closed bars from the CandleStore as of the market clock's now, runs the pure
 * `analyze` with the symbol's carried state, and records the decision as a system event — `signal_generated`
 * for a trade signal, `decision_trace` for a no-signal when its code or decision bar changed since the last
 * one recorded for the symbol (a quiet market does not write a row per symbol per tick). The setups a symbol
 * already emitted survive a restart: its first analysis with decision bars reads them back from the recorded
 * `signal_generated` events (a fresh database, as a backtest's, has none).
 */
export class StrategyEngine extends Context.Tag("StrategyEngine")<
  StrategyEngine,
  {
    readonly analyze: (symbol: SpotSymbol, context?: SymbolContext) => Effect.Effect<Signal>
  }
>() {
  static readonly make = (params: StrategyParams) =>
    Effect.gen(function* () {
      const store = yield* CandleStore
      const clock = yield* MarketClock
      const events = yield* SystemEventRepository
      const states = yield* Ref.make(new Map<string, StrategyState>())
      const lastTrace = yield* Ref.make(new Map<string, string>())
      const restored = yield* Ref.make(new Set<string>())

      /** The symbol's carried state, its emit-once registry completed once from the recorded signals. */
      const priorState = tracedFn("StrategyEngine.priorState")(function* (
        symbol: SpotSymbol,
        decision: Bars,
        now: number
      ) {
        const carried = (yield* Ref.get(states)).get(symbol) ?? initialStrategyState
        // Without decision bars there is no window to read in, and no setup can be emitted yet
        if (decision.length === 0 || (yield* Ref.get(restored)).has(symbol)) return carried
        const recorded = yield* recordedEmitted(events, symbol, decision, now, params)
        yield* Ref.update(restored, (s) => new Set(s).add(symbol))
        return { ...carried, emitted: new Map([...recorded, ...carried.emitted]) }
      })

      const record = tracedFn("StrategyEngine.record")(function* (signal: Signal, now: number) {
        const trace = `${signal.timestamp}|${signal._tag === "NoSignal" ? signal.code : signal.side}`
        if (signal._tag === "NoSignal") {
          const previous = (yield* Ref.get(lastTrace)).get(signal.symbol)
          if (previous === trace) return
        }
        yield* Ref.update(lastTrace, (m) => new Map(m).set(signal.symbol, trace))
        yield* events.append(
          new SystemEvent({
            timestamp: now,
            eventType: signal._tag === "TradeSignal" ? "signal_generated" : "decision_trace",
            symbol: signal.symbol,
            details: { signal: encodeSignal(signal) }
          })
        )
      })

      const analyzeSymbol = tracedFn("StrategyEngine.analyze")(function* (
        symbol: SpotSymbol,
        context: SymbolContext = {}
      ) {
        const now = yield* clock.now
        const asOf = { asOfMs: now }
        const [daily, decision, hourly, m15] = yield* Effect.all([
          store.series(symbol, "1d", asOf),
          store.series(symbol, params.decision_timeframe, asOf),
          store.series(symbol, "1h", asOf),
          store.series(symbol, "15m", asOf)
        ])
        const prior = yield* priorState(symbol, decision, now)
        const result = analyze({ symbol, daily, decision, hourly, m15, ...context }, prior, now, params)
        yield* Ref.update(states, (m) => new Map(m).set(symbol, result.state))
        yield* record(result.signal, now)
        return result.signal
      })

      return StrategyEngine.of({ analyze: analyzeSymbol })
    })

  /** Needs the CandleStore, the MarketClock and the SystemEventRepository. */
  static readonly layer = (params: StrategyParams) => Layer.effect(StrategyEngine, StrategyEngine.make(params))
}
