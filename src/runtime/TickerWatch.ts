import { Duration, Effect, Schedule } from "effect"
import { perpetualFor, type SpotSymbol } from "../domain/Symbols.ts"
import { Exchange } from "../exchange/Exchange.ts"

const RETRY = Schedule.exponential(Duration.millis(200)).pipe(Schedule.upTo(Duration.seconds(20)))

/**
 * Subscribes the perpetuals' tickers, retrying a lost or refused subscription for up to 20 s. It never fails the
 * caller: a symbol whose ticker does not arrive is stale for the watchdog (no entries on it), and every tick asks
 * again for the stale ones (`watchOnce`).
 */
export const watchTickersOf = (symbols: ReadonlyArray<SpotSymbol>) =>
  Effect.flatMap(Exchange, (exchange) =>
    exchange.watchTickers(symbols.map(perpetualFor)).pipe(
      Effect.retry(RETRY),
      Effect.catchAll((error) =>
        Effect.logWarning(`ticker subscription for ${symbols.length} symbol(s) not confirmed: ${error.message}`)
      )
    )
  )

/** One more subscription request for tickers still missing, without retries (the next tick asks again). */
export const watchOnce = (symbols: ReadonlyArray<SpotSymbol>) =>
  Effect.flatMap(Exchange, (exchange) =>
    exchange
      .watchTickers(symbols.map(perpetualFor))
      .pipe(
        Effect.catchAll((error) => Effect.logWarning(`stale tickers re-subscribed without answer: ${error.message}`))
      )
  )
