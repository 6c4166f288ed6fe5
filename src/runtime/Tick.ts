import { Cause, Clock, Effect, Either, Option, type Ref } from "effect"
import type { DecisionSettings } from "../decision/DecisionSettings.ts"
import { exposureOf } from "../decision/Exposure.ts"
import { ApiCircuitBreaker } from "../decision/GuardedExchange.ts"
import { type SafetyParams, safetyCycle } from "../decision/SafetyCycle.ts"
import { AccountState, marginUsage } from "../domain/AccountState.ts"
import type { Signal, TradeSignal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { executionTick } from "../execution/Execution.ts"
import { atrBySymbol, trailStops } from "../execution/StopTrailing.ts"
import type { TrailSettings } from "../execution/Trailing.ts"
import { type HistoryDays, syncCandles } from "../market/CandleSync.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { AlertSink } from "../monitoring/AlertSink.ts"
import { logTickTraces, type TraceLevel, tickTraces } from "../monitoring/DecisionTraceLog.ts"
import { recordAccount, trackTick } from "../monitoring/Metrics.ts"
import { AccountStateRepository } from "../storage/AccountStateRepository.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { StrategyEngine } from "../strategy/StrategyEngine.ts"
import { checkFeeds } from "./FeedCheck.ts"
import { killSwitchHold } from "./SafeHold.ts"
import { alertSafetyTransitions } from "./SafetyAlerts.ts"
import { watchOnce } from "./TickerWatch.ts"
import { type TradingMemory, tradingStage } from "./TradingStage.ts"

export interface TickSettings {
  readonly symbols: ReadonlyArray<SpotSymbol>
  readonly history: HistoryDays
  readonly decision: DecisionSettings
  /** The trailing-stop rules (`multi_tp`, `execution.trailing_min_move_pct`), built once with these settings. */
  readonly trail: TrailSettings
  readonly safety: SafetyParams
  /** `data.min_fresh_symbols_pct`. */
  readonly minFreshShare: number
  /** `logging.decision_trace`: level of the per-symbol decision trace lines (debug when absent). */
  readonly decisionTraceLevel?: TraceLevel | undefined
  /** `runtime.decision_trace_interval_minutes` in ms: see throttleDecisionTraces (every trace recorded when absent). */
  readonly decisionTraceIntervalMs?: number | undefined
}

const isTrade = (signal: Signal): signal is TradeSignal => signal._tag === "TradeSignal"

const logSignal = (s: TradeSignal) =>
  Effect.logInfo(
    `signal ${s.symbol} ${s.side.toUpperCase()} entry=${s.entryPrice} stop=${s.stopLoss} ` +
      `take_profit=${s.takeProfit} score=${s.score.toFixed(1)} setup=${s.setupType}`
  )

/**
 * One tick, in the spec's order (runtime-and-ops §2), skipped while the exchange API circuit breaker is open: candles up to the market clock's "now"; the account and
 * positions from the venue (one read each, reused); the safety cycle over them (invariants, auto-recovery, the
 * kill switch a `trading kill` from another process latched); a latched kill switch holds in SAFE_HOLD and ends
 * the tick; else every symbol is analysed, the staleness watchdog drops signals of stale symbols (or blocks every
 * entry), and the trading stage decides and executes; one decision-trace log line per symbol says what became of
 * it. Then the execution step (settle, reconcile, protection),
 * which also runs in SAFE_HOLD: a held bot keeps every position protected. Then an account snapshot, one `tick_completed` event and
 * one log line. Operational records carry the real clock's time (status, health and retention compare them with
 * it); market time goes in the details.
 */
export const runTick = (tickNumber: number, settings: TickSettings, memory: Ref.Ref<TradingMemory>) =>
  Effect.gen(function* () {
    const clock = yield* MarketClock
    const events = yield* SystemEventRepository
    const strategy = yield* StrategyEngine
    const exchange = yield* Exchange
    if (yield* (yield* ApiCircuitBreaker).isOpen) {
      return yield* Effect.logWarning(`tick ${tickNumber} skipped: the exchange API circuit breaker is open`)
    }
    const startedAt = yield* Clock.currentTimeMillis
    const marketNow = yield* clock.now
    const candles = yield* syncCandles(settings.symbols, settings.history, marketNow)
    const snapshot = yield* Effect.either(Effect.all([exchange.account, exchange.positions]))
    if (Either.isLeft(snapshot) && snapshot.left._tag === "Transient") {
      // A private feed resyncing after a drop: expected, brief, and its state is unknown until it is back
      return yield* skipUnsyncedTick(tickNumber, snapshot.left.message)
    }
    const [account, positions] = yield* snapshot
    const verdict = yield* safetyCycle(
      {
        now: startedAt,
        account,
        positions: exposureOf(positions),
        rejectedOrdersThisCycle: 0,
        apiErrorsLastMinute: 0,
        nakedPositions: []
      },
      settings.safety
    )
    yield* Effect.forEach(verdict.events, events.append, { discard: true })
    yield* alertSafetyTransitions(verdict.events)
    const killSwitch = verdict.record.killSwitch
    const held = killSwitch._tag === "Active"
    if (held) yield* killSwitchHold(killSwitch, verdict.flatten)

    const analysed = held ? [] : yield* Effect.forEach(settings.symbols, (symbol) => strategy.analyze(symbol))
    const signals = analysed.filter(isTrade)
    yield* Effect.forEach(signals, logSignal, { discard: true })
    const feeds = yield* checkFeeds(settings.symbols, marketNow, settings.minFreshShare)
    // Subscriptions are kept across reconnects; a ticker still missing is asked for again (idempotent)
    if (feeds.staleTickers.length > 0) yield* watchOnce(feeds.staleTickers)
    const fresh = signals.filter((s) => feeds.tradable.has(s.symbol))
    if (fresh.length < signals.length) {
      yield* Effect.logWarning(`${signals.length - fresh.length} signal(s) dropped: their market data is stale`)
    }
    if (!feeds.entriesAllowed) yield* Effect.logWarning(`entries paused: ${feeds.reasons.join("; ")}`)
    const trading = held
      ? undefined
      : yield* tradingStage(
          {
            marketNow,
            signals: fresh,
            account,
            scannedSymbols: settings.symbols.length,
            entryBlock: verdict.entryBlock ?? (feeds.entriesAllowed ? undefined : "STALE_DATA"),
            traceIntervalMs: settings.decisionTraceIntervalMs
          },
          settings.decision,
          memory
        )

    yield* logTickTraces(
      tickNumber,
      () =>
        tickTraces({
          symbols: settings.symbols,
          signals: analysed,
          tradable: feeds.tradable,
          decision: trading?.decision
        }),
      settings.decisionTraceLevel ?? "debug"
    )

    // Trailing stops ratchet with the ATR this tick's analyses computed, on the markets the trading stage read
    // (trading-core §5.6); not in SAFE_HOLD
    if (trading !== undefined) yield* trailStops(atrBySymbol(analysed), trading.markets, feeds.tradable, settings.trail)

    // Settle answers, reconcile registry and venue, enforce protection: every tick, SAFE_HOLD included
    const execution = yield* executionTick

    const finishedAt = yield* Clock.currentTimeMillis
    const summary = {
      tick: tickNumber,
      market_time: new Date(marketNow).toISOString(),
      symbols: settings.symbols.length,
      new_candles: candles.appended,
      signals: signals.length,
      opened: trading?.opened ?? 0,
      exited: trading?.exited ?? 0,
      rejected: trading?.decision.rejections.length ?? 0,
      entry_block: verdict.entryBlock ?? null,
      stale_symbols: feeds.staleTickers.length + feeds.staleCandles.length,
      adopted: execution.reconcile.adopted.length,
      orphans_cancelled: execution.reconcile.cancelledOrders,
      protection_actions: execution.protection.actions.length,
      safety: verdict.record.level,
      equity: account.equity.toString(),
      margin_used: account.marginUsed.toString(),
      positions: positions.length,
      duration_ms: finishedAt - startedAt
    }
    yield* (yield* AccountStateRepository).append(new AccountState({ ...account, timestamp: finishedAt }))
    yield* recordAccount({
      equity: account.equity,
      marginUsage: marginUsage(account) ?? 0,
      openPositions: positions.length
    })
    yield* events.append(new SystemEvent({ timestamp: finishedAt, eventType: "tick_completed", details: summary }))
    yield* Effect.logInfo(
      `tick ${tickNumber} market_time=${summary.market_time} new_candles=${summary.new_candles} ` +
        `signals=${summary.signals} opened=${summary.opened} exited=${summary.exited} equity=${summary.equity} ` +
        `positions=${summary.positions} safety=${summary.safety} duration_ms=${summary.duration_ms}`
    )
  }).pipe(trackTick, Effect.withSpan("runtime.tick", { attributes: { tick: tickNumber } }))

/**
 * A tick that finds the private feed resyncing is skipped, not failed: nothing can be decided on an unknown
 * account, and every position keeps its venue stop and the protection monitor. Repeated skips alert (burst).
 */
const skipUnsyncedTick = (tickNumber: number, reason: string) =>
  Effect.gen(function* () {
    yield* Effect.logWarning(`tick ${tickNumber} skipped: ${reason}`)
    const sink = yield* Effect.serviceOption(AlertSink)
    if (Option.isSome(sink)) yield* sink.value.reportError("feed_not_synced", reason)
  })

/**
 * A tick that fails is logged, recorded as an `error` event and reported to the alert sink (bursts alert), and the loop goes on to the next tick
 * (spec/runtime-and-ops.md §2): one bad tick (a data error, a lost connection) never stops the process.
 */
export const surviveTickFailure =
  (tickNumber: number) =>
  <E, R>(tick: Effect.Effect<void, E, R>): Effect.Effect<void, never, R | SystemEventRepository> =>
    Effect.catchAllCause(tick, (cause) =>
      Effect.gen(function* () {
        const failure = Cause.pretty(cause)
        yield* Effect.logError(`tick ${tickNumber} failed; continuing with the next tick`, cause)
        // Repeated failures become one alert (where the process has an alert sink: live does, a backtest not)
        const sink = yield* Effect.serviceOption(AlertSink)
        if (Option.isSome(sink)) yield* sink.value.reportError("tick", failure.split("\n")[0] ?? failure)
        const timestamp = yield* Clock.currentTimeMillis
        yield* (yield* SystemEventRepository)
          .append(
            new SystemEvent({ timestamp, eventType: "error", details: { stage: "tick", tick: tickNumber, failure } })
          )
          .pipe(
            Effect.catchAllCause((recordCause) => Effect.logError("could not record the tick failure", recordCause))
          )
      })
    )
