import { Effect, Either } from "effect"
import type { Decimal } from "../../domain/Money.ts"
import { krakenSpotAltname, type SpotSymbol, spotFromKrakenSpot } from "../../domain/Symbols.ts"
import type { SpotRestClient } from "../../exchange/kraken/client/SpotRestClient.ts"

/**
 * The symbols among `symbols` that Kraken Spot lists (`AssetPairs`, by altname or pair name): a `Ticker` request
 * naming one unknown pair fails whole, so only these are asked for.
 */
export const listedSymbols = (spot: SpotRestClient, symbols: ReadonlyArray<SpotSymbol>) =>
  Effect.map(spot.assetPairs, (pairs) => {
    const listed = new Set(
      Object.entries(pairs).flatMap(([name, pair]) =>
        Either.match(
          Either.orElse(spotFromKrakenSpot(pair.altname), () => spotFromKrakenSpot(name)),
          { onLeft: () => [], onRight: (symbol) => [symbol] }
        )
      )
    )
    return symbols.filter((symbol) => listed.has(symbol))
  })

/**
 * The last trade price of every symbol asked for, in one public `Ticker` request (answers come keyed by Kraken's
 * pair names, `XXBTZUSD`); a symbol without an answer is absent from the map.
 */
export const lastPrices = (spot: SpotRestClient, symbols: ReadonlyArray<SpotSymbol>) =>
  Effect.map(
    spot.ticker(symbols.map(krakenSpotAltname)),
    (result): ReadonlyMap<SpotSymbol, Decimal> =>
      new Map(
        Object.entries(result).flatMap(([pair, ticker]) =>
          Either.match(spotFromKrakenSpot(pair), {
            onLeft: () => [],
            onRight: (symbol) => (symbols.includes(symbol) ? [[symbol, ticker.c[0]] as const] : [])
          })
        )
      )
  )
