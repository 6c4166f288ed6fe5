import { Clock, Effect, Ref } from "effect"
import { decideCycle } from "../decision/DecideCycle.ts"
import type { EntryBlock } from "../decision/DecisionRejection.ts"
import type { DecisionSettings } from "../decision/DecisionSettings.ts"
import {
  type CycleDecision,
  type DecisionSignal,
  type DecisionState,
  initialDecisionState,
  type MarketView
} from "../decision/DecisionTypes.ts"
import type { AccountState } from "../domain/AccountState.ts"
import type { PositionId } from "../domain/Position.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { Executor } from "../execution/Executor.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import { emptyTraceMemory, type TraceMemory, throttleDecisionTraces } from "../monitoring/DecisionTraceInterval.ts"
import { closedTradeOf } from "../risk/Cooldowns.ts"
import { type DailyPnl, openDay, rollDay } from "../risk/DailyPnl.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import { tickMarkets } from "./TickMarkets.ts"

const DAY_MS = 86_400_000
/** Closed trades read back for cooldowns, loss streak and chop (they need at least the last 24 h). */
const RECENT_TRADES = 500

/** What the trading stage carries from one tick to the next, in memory (a restart starts it afresh). */
export interface TradingMemory {
  readonly decision: DecisionState
  readonly daily: DailyPnl | undefined
  /** The score each open position was entered with: the auction compares it with new signals. */
  readonly entryScores: ReadonlyMap<PositionId, number>
  /** The last decision_trace recorded per symbol (`runtime.decision_trace_interval_minutes`). */
  readonly traces: TraceMemory
}

export const makeTradingMemory = Ref.make<TradingMemory>({
  decision: initialDecisionState,
  daily: undefined,
  entryScores: new Map(),
  traces: emptyTraceMemory
})

export interface TradingStageInput {
  /** Market time of this tick (decisions, cooldowns). */
  readonly marketNow: EpochMillis
  readonly signals: ReadonlyArray<DecisionSignal>
  readonly account: AccountState
  readonly scannedSymbols: number
  /** Why no entry may open this tick (safety first, then the runtime's own gates), if any. */
  readonly entryBlock: EntryBlock | undefined
  /** A symbol's unchanged decision_trace is recorded at most once per this many ms; every trace when absent. */
  readonly traceIntervalMs?: number | undefined
}

export interface TradingStageReport {
  readonly decision: CycleDecision
  readonly opened: number
  readonly exited: number
  /** This tick's markets (signals' symbols and open positions'), read once: the trailing step reuses them. */
  readonly markets: ReadonlyArray<MarketView>
}

/**
 * Decision and execution of one tick (spec runtime-and-ops §2 steps 7–8): the auction and risk decision over the
 * signals, the registry's positions and this tick's markets, then the auction's exits before its entries. A refused or failed order is logged and the tick goes on:
 * the registry and the venue keep the truth, reconciliation picks up whatever is left.
 */
export const tradingStage = (input: TradingStageInput, settings: DecisionSettings, memory: Ref.Ref<TradingMemory>) =>
  Effect.gen(function* () {
    const executor = yield* Executor
    const registry = yield* PositionRegistry
    const events = yield* SystemEventRepository
    const active = yield* registry.active
    const symbols = [...new Set<SpotSymbol>([...input.signals.map((s) => s.symbol), ...active.map((p) => p.symbol)])]
    const markets = yield* tickMarkets(symbols)
    const recentTrades = (yield* (yield* TradeRepository).exitedSince(input.marketNow - DAY_MS, RECENT_TRADES)).map(
      (t) => closedTradeOf(t, undefined)
    )
    const remembered = yield* Ref.get(memory)
    const daily =
      remembered.daily === undefined
        ? openDay(input.account.equity, input.marketNow)
        : rollDay(remembered.daily, input.account.equity, input.marketNow)
    const decision = decideCycle(
      {
        now: input.marketNow,
        signals: input.signals,
        account: input.account,
        positions: active,
        entryScores: remembered.entryScores,
        markets,
        recentTrades,
        daily,
        entryBlock: input.entryBlock,
        scannedSymbols: input.scannedSymbols,
        state: remembered.decision
      },
      settings
    )
    const traces =
      input.traceIntervalMs === undefined
        ? { recorded: decision.events, memory: remembered.traces }
        : throttleDecisionTraces(remembered.traces, decision.events, input.traceIntervalMs)
    yield* Effect.forEach(traces.recorded, events.append, { discard: true })

    const exited = yield* Effect.forEach(decision.exits, (exit) =>
      executor.requestExit(exit.positionId, exit.reason).pipe(
        Effect.as(1),
        Effect.catchAll((error) => Effect.as(Effect.logWarning(`exit of ${exit.symbol} refused: ${error.message}`), 0))
      )
    )
    const scores = new Map(remembered.entryScores)
    // Entry age is measured on the process clock (a simulated market's time is not ours)
    const at = yield* Clock.currentTimeMillis
    const opened = yield* Effect.forEach(decision.entries, (entry) =>
      executor.open({ ...entry, at }).pipe(
        Effect.tap(() => {
          const signal = input.signals.find((s) => s.symbol === entry.symbol)
          if (signal !== undefined) scores.set(entry.positionId, signal.score)
          return Effect.logInfo(
            `entry ${entry.symbol} ${entry.side} qty=${entry.plan.quantity} entry=${entry.plan.entryPrice} ` +
              `stop=${entry.plan.initialStop}`
          )
        }),
        Effect.as(1),
        Effect.catchAll((error) => Effect.as(Effect.logWarning(`entry ${entry.symbol} refused: ${error.message}`), 0))
      )
    )
    const stillActive = new Set((yield* registry.active).map((p) => p.positionId))
    yield* Ref.set(memory, {
      decision: decision.state,
      daily,
      entryScores: new Map([...scores].filter(([id]) => stillActive.has(id))),
      traces: traces.memory
    })
    return {
      decision,
      opened: opened.reduce((a, b) => a + b, 0),
      exited: exited.reduce((a, b) => a + b, 0),
      markets
    } satisfies TradingStageReport
  })
