import { Cause, Clock, Effect } from "effect"
import { AccountState } from "../domain/AccountState.ts"
import type { Signal, TradeSignal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { type HistoryDays, syncCandles } from "../market/CandleSync.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { entriesAllowed } from "../safety/SafetyLevel.ts"
import { SafetyStore } from "../safety/SafetyStore.ts"
import { AccountStateRepository } from "../storage/AccountStateRepository.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { StrategyEngine } from "../strategy/StrategyEngine.ts"
import { safeHold } from "./SafeHold.ts"

export interface TickSettings {
  readonly symbols: ReadonlyArray<SpotSymbol>
  readonly history: HistoryDays
}

const isTrade = (signal: Signal): signal is TradeSignal => signal._tag === "TradeSignal"

const logSignal = (s: TradeSignal) =>
  Effect.logInfo(
    `signal ${s.symbol} ${s.side.toUpperCase()} entry=${s.entryPrice} stop=${s.stopLoss} ` +
      `take_profit=${s.takeProfit} score=${s.score.toFixed(1)} setup=${s.setupType}`
  )

/**
 * One tick: bring candles up to the market clock's "now", read the account and positions, read the safety state
 * (a latched kill switch holds in SAFE_HOLD, a halt holds: no analysis, so no new entries), analyse every symbol,
 * then record an account snapshot, one `tick_completed` event and one log line. Operational records carry the
 * real clock's time (status, health and retention compare them with it); market time goes in the details.
 */
export const runTick = (tickNumber: number, settings: TickSettings) =>
  Effect.gen(function* () {
    const clock = yield* MarketClock
    const events = yield* SystemEventRepository
    const strategy = yield* StrategyEngine
    const startedAt = yield* Clock.currentTimeMillis
    const marketNow = yield* clock.now
    const candles = yield* syncCandles(settings.symbols, settings.history, marketNow)
    const exchange = yield* Exchange
    const account = yield* exchange.account
    const positions = yield* exchange.positions
    // Read every tick, so a `trading kill` from another process takes effect here within one tick
    const safety = yield* (yield* SafetyStore).load
    const holding = !entriesAllowed(safety.level) || safety.killSwitch._tag === "Active"
    if (safety.killSwitch._tag === "Active") {
      const hold = yield* safeHold
      yield* Effect.logWarning(
        `kill switch active (${safety.killSwitch.reason}): SAFE_HOLD cancelled ${hold.cancelled} order(s), ` +
          `kept ${hold.stopsKept} stop(s); no analysis`
      )
    } else if (holding) {
      yield* Effect.logWarning(`safety ${safety.level}: holding, no analysis`)
    }
    const analysed = holding ? [] : yield* Effect.forEach(settings.symbols, (symbol) => strategy.analyze(symbol))
    const signals = analysed.filter(isTrade)
    yield* Effect.forEach(signals, logSignal, { discard: true })
    const durationMs = (yield* Clock.currentTimeMillis) - startedAt
    const summary = {
      tick: tickNumber,
      market_time: new Date(marketNow).toISOString(),
      symbols: settings.symbols.length,
      new_candles: candles.appended,
      signals: signals.length,
      safety: safety.level,
      equity: account.equity.toString(),
      margin_used: account.marginUsed.toString(),
      positions: positions.length,
      duration_ms: durationMs
    }
    const finishedAt = yield* Clock.currentTimeMillis
    yield* (yield* AccountStateRepository).append(new AccountState({ ...account, timestamp: finishedAt }))
    yield* events.append(new SystemEvent({ timestamp: finishedAt, eventType: "tick_completed", details: summary }))
    yield* Effect.logInfo(
      `tick ${tickNumber} market_time=${summary.market_time} symbols=${summary.symbols} ` +
        `new_candles=${summary.new_candles} signals=${summary.signals} equity=${summary.equity} ` +
        `positions=${summary.positions} safety=${safety.level} duration_ms=${durationMs}`
    )
  }).pipe(Effect.withSpan("runtime.tick", { attributes: { tick: tickNumber } }))

/**
 * A tick that fails is logged and recorded as an `error` event, and the loop goes on to the next tick
 * (spec/runtime-and-ops.md §2): one bad tick (a data error, a lost connection) never stops the process.
 */
export const surviveTickFailure =
  (tickNumber: number) =>
  <E, R>(tick: Effect.Effect<void, E, R>): Effect.Effect<void, never, R | SystemEventRepository> =>
    Effect.catchAllCause(tick, (cause) =>
      Effect.gen(function* () {
        const failure = Cause.pretty(cause)
        yield* Effect.logError(`tick ${tickNumber} failed; continuing with the next tick`, cause)
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
