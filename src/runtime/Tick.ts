import { Clock, Effect } from "effect"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { type HistoryDays, syncCandles } from "../market/CandleSync.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { MarketClock } from "./MarketClock.ts"

export interface TickSettings {
  readonly symbols: ReadonlyArray<string>
  readonly history: HistoryDays
}

/**
 * One tick of the walking skeleton: bring candles up to the market clock's "now", then record one
 * `tick_completed` event and one log line. Later issues add analysis, auction, risk, execution and protection
 * between these two steps.
 */
export const runTick = (tickNumber: number, settings: TickSettings) =>
  Effect.gen(function* () {
    const clock = yield* MarketClock
    const events = yield* SystemEventRepository
    const startedAt = yield* Clock.currentTimeMillis
    const marketNow = yield* clock.now
    const candles = yield* syncCandles(settings.symbols, settings.history, marketNow)
    const durationMs = (yield* Clock.currentTimeMillis) - startedAt
    const summary = {
      tick: tickNumber,
      market_time: new Date(marketNow).toISOString(),
      symbols: settings.symbols.length,
      new_candles: candles.appended,
      duration_ms: durationMs
    }
    yield* events.append(new SystemEvent({ timestamp: marketNow, eventType: "tick_completed", details: summary }))
    yield* Effect.logInfo(
      `tick ${tickNumber} market_time=${summary.market_time} symbols=${summary.symbols} ` +
        `new_candles=${summary.new_candles} duration_ms=${durationMs}`
    ).pipe(Effect.annotateLogs(summary))
  }).pipe(Effect.withSpan("runtime.tick", { attributes: { tick: tickNumber } }))
