import { Context, Effect, Either, Option } from "effect"
import { barOpenTime, TIMEFRAMES, type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { CandleStore } from "./CandleStore.ts"
import type { CandlesUnavailable } from "./CandlesUnavailable.ts"
import { MarketDataSource } from "./MarketDataSource.ts"

const DAY_MS = 86_400_000

const yieldToEventLoop = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/**
 * Whether `syncCandles` yields to the event loop after each series it stored: on by default, so a live process
 * serves its sockets during a long first sync; a backtest, with no sockets to serve, turns it off.
 */
export class YieldBetweenSeries extends Context.Reference<YieldBetweenSeries>()("CandleSync/YieldBetweenSeries", {
  defaultValue: () => true
}) {}

/** How many days of each timeframe to hold (config `data.history_days_*`). */
export type HistoryDays = Readonly<Record<Timeframe, number>>

export interface CandleSyncReport {
  readonly series: number
  /** Bars newly stored in memory (and upserted into the database). */
  readonly appended: number
  /** Series the source could not give this time: skipped until the next sync, the others went ahead. */
  readonly unavailable: ReadonlyArray<CandlesUnavailable>
}

/**
 * Brings the CandleStore up to `nowMs` for every symbol and timeframe: only closed bars newer than the newest one
 * held are fetched (the first sync fetches the configured history), stored in memory and upserted into the
 * `candles` table. Fetching nothing when no bar has closed since the last sync is the bar-boundary cache. A series
 * the source cannot give is logged and reported, and the sync goes on with the next one.
 */
export const syncCandles = (symbols: ReadonlyArray<string>, history: HistoryDays, nowMs: number) =>
  Effect.gen(function* () {
    const source = yield* MarketDataSource
    const store = yield* CandleStore
    const repository = yield* CandleRepository
    const yieldBetweenSeries = yield* YieldBetweenSeries
    let appended = 0
    const unavailable: Array<CandlesUnavailable> = []
    for (const symbol of symbols) {
      for (const timeframe of TIMEFRAMES) {
        const last = yield* store.lastOpenTime(symbol, timeframe)
        const fromMs = Option.match(last, {
          onNone: () => barOpenTime(timeframe, nowMs - history[timeframe] * DAY_MS),
          onSome: (openTime) => openTime + timeframeMs[timeframe]
        })
        if (fromMs + timeframeMs[timeframe] > nowMs) continue
        const fetched = yield* Effect.either(source.closedCandles(symbol, timeframe, fromMs, nowMs))
        if (Either.isLeft(fetched)) {
          unavailable.push(fetched.left)
          yield* Effect.logWarning(fetched.left.message)
          continue
        }
        const fresh = fetched.right
        if (fresh.length === 0) continue
        const outcome = yield* store.append(fresh)
        yield* repository.upsertSeries(fresh)
        appended += outcome.appended
        // A first sync is seconds of CPU: let the event loop serve sockets (heartbeats, pings) between series
        if (yieldBetweenSeries) yield* yieldToEventLoop
      }
    }
    return { series: symbols.length * TIMEFRAMES.length, appended, unavailable } satisfies CandleSyncReport
  }).pipe(Effect.withSpan("syncCandles"))
