import { Effect, Either } from "effect"
import type { MarketView } from "../decision/DecisionTypes.ts"
import { perpetualFor, type SpotSymbol, symbolKey } from "../domain/Symbols.ts"
import { Exchange } from "../exchange/Exchange.ts"

/**
 * This tick's markets for the decision: for every symbol asked, the perpetual's grid and its latest ticker. A
 * symbol the venue does not list, or whose ticker has not arrived, is left out (the decision rejects its signal
 * as having no market), so one missing feed never fails the tick.
 */
export const tickMarkets = (symbols: ReadonlyArray<SpotSymbol>) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const contracts = new Map((yield* exchange.contracts).map((c) => [symbolKey(c.symbol), c]))
    const views = yield* Effect.forEach(symbols, (symbol) =>
      Effect.gen(function* () {
        const futuresSymbol = perpetualFor(symbol)
        const contract = contracts.get(symbolKey(futuresSymbol))
        if (contract === undefined) return []
        const ticker = yield* Effect.either(exchange.ticker(futuresSymbol))
        return Either.isRight(ticker)
          ? [{ symbol, futuresSymbol, contract, ticker: ticker.right } satisfies MarketView]
          : []
      })
    )
    return views.flat()
  })
