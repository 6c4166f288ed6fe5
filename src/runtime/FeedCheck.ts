import { Clock, Effect, Option } from "effect"
import { perpetualFor, type SpotSymbol } from "../domain/Symbols.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { CandleStore } from "../market/CandleStore.ts"
import { assessFeeds, type FeedHealth } from "./FeedHealth.ts"

/** The staleness watchdog's readings for this tick: each symbol's latest ticker and newest closed 15m candle. */
export const checkFeeds = (symbols: ReadonlyArray<SpotSymbol>, marketNowMs: number, minFreshShare: number) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const candles = yield* CandleStore
    const observations = yield* Effect.forEach(symbols, (symbol) =>
      Effect.gen(function* () {
        const ticker = yield* Effect.option(exchange.ticker(perpetualFor(symbol)))
        const last15m = yield* candles.lastOpenTime(symbol, "15m")
        return {
          symbol,
          tickerReceivedAt: Option.getOrUndefined(Option.map(ticker, (t) => t.receivedAt)),
          last15mOpen: Option.getOrUndefined(last15m)
        }
      })
    )
    return assessFeeds({
      observations,
      realNowMs: yield* Clock.currentTimeMillis,
      marketNowMs,
      minFreshShare
    }) satisfies FeedHealth
  })
