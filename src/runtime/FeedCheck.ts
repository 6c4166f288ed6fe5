import { Clock, Context, Effect, Option } from "effect"
import { perpetualFor, type SpotSymbol } from "../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { CandleStore } from "../market/CandleStore.ts"
import { assessFeeds, type FeedHealth } from "./FeedHealth.ts"

/**
 * The timeframe whose newest closed candle the staleness watchdog checks: 15m, the finest the strategy reads. A
 * backtest over coarser data (hourly files) watches its data's own bars: a finer series does not exist there.
 */
export class WatchedTimeframe extends Context.Reference<WatchedTimeframe>()("FeedCheck/WatchedTimeframe", {
  defaultValue: (): Timeframe => "15m"
}) {}

/** The staleness watchdog's readings for this tick: each symbol's latest ticker and newest closed watched candle. */
export const checkFeeds = (symbols: ReadonlyArray<SpotSymbol>, marketNowMs: number, minFreshShare: number) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const candles = yield* CandleStore
    const watched = yield* WatchedTimeframe
    const observations = yield* Effect.forEach(symbols, (symbol) =>
      Effect.gen(function* () {
        const ticker = yield* Effect.option(exchange.ticker(perpetualFor(symbol)))
        const lastBar = yield* candles.lastOpenTime(symbol, watched)
        return {
          symbol,
          tickerReceivedAt: Option.getOrUndefined(Option.map(ticker, (t) => t.receivedAt)),
          lastBarOpen: Option.getOrUndefined(lastBar)
        }
      })
    )
    return assessFeeds({
      observations,
      realNowMs: yield* Clock.currentTimeMillis,
      marketNowMs,
      barMs: timeframeMs[watched],
      minFreshShare
    }) satisfies FeedHealth
  })
