import { Duration, Effect, Either, Layer, Option, Ref, Schedule, Schema } from "effect"
import { AppConfig } from "../../config/AppConfig.ts"
import { type SpotSymbol, type SymbolKey, spotFromFutures, symbolKey } from "../../domain/Symbols.ts"
import { Exchange, type ExchangeService } from "../../exchange/Exchange.ts"
import { KrakenMarketDataLive } from "../../exchange/kraken/KrakenVenue.ts"
import { MarketListing } from "../../market/MarketListing.ts"
import { makeMarketRegistry } from "../../market/MarketRegistry.ts"
import { TradingUniverse } from "./Universe.ts"

/** Discovery never succeeded at start: without a universe there is nothing to trade. */
export class UniverseUnavailable extends Schema.TaggedError<UniverseUnavailable>()("UniverseUnavailable", {
  reason: Schema.String
}) {
  override get message(): string {
    return (
      `market discovery failed at start (Spot AssetPairs paired with the venue's PF_ perpetuals): ${this.reason}; ` +
      "is exchange.kraken.spot_rest_url reachable?"
    )
  }
}

/** How long start-up keeps trying discovery (the public feed's instrument snapshot may still be on its way). */
const FIRST_DISCOVERY = Schedule.spaced("2 seconds").pipe(Schedule.intersect(Schedule.recurs(10)))
/** Tiers need the tickers discovery just subscribed; wait this long for them, then tier with what came. */
const TICKERS_DUE = Schedule.spaced("250 millis").pipe(Schedule.intersect(Schedule.recurs(40)))

/**
 * Spot symbols with an open position or working order on the venue; none while its feeds are not synced
 * (unknown is never "nothing open").
 */
const engagedSymbols = (exchange: ExchangeService) =>
  Effect.all([exchange.positions, exchange.openOrders]).pipe(
    Effect.map(
      ([positions, orders]) =>
        new Map(
          [...positions, ...orders].flatMap((held) =>
            Either.match(spotFromFutures(held.symbol), {
              onLeft: () => [],
              onRight: (spot) => [[symbolKey(spot), spot] as const]
            })
          )
        ) as ReadonlyMap<SymbolKey, SpotSymbol>
    ),
    Effect.option
  )

/** The discovered symbols, then every engaged one discovery no longer lists (in name order). */
export const withEngaged = (
  discovered: ReadonlyArray<SpotSymbol>,
  engaged: ReadonlyMap<SymbolKey, SpotSymbol>
): ReadonlyArray<SpotSymbol> => {
  const listed = new Set(discovered.map(symbolKey))
  const kept = [...engaged].filter(([key]) => !listed.has(key)).map(([, spot]) => spot)
  return [...discovered, ...kept.sort()]
}

/**
 * The universe of `exchange.venue: kraken`, in `mode: live` and `mode: paper` alike (runtime-and-ops §3): Spot
 * USD pairs paired with a tradeable PF_ perpetual of the `MarketListing`, fiat and stablecoin bases,
 * `universe.excluded_bases` and `universe.blocklist` left out, tiered by the perpetual's liquidity (pinned bases
 * always tier A; untiered = not traded). Discovered at start, then again every `runtime.discovery_refresh_hours`;
 * a failed refresh keeps the last universe. Every read adds the symbols the traded `Exchange` holds a position or
 * working order in, so a symbol leaving the universe is still analysed and managed until it is flat (while the
 * feed is not synced, the last known ones are kept).
 */
export const discoveredUniverseLayer = Layer.scoped(
  TradingUniverse,
  Effect.gen(function* () {
    const config = yield* AppConfig
    const exchange = yield* Exchange
    const listing = yield* MarketListing
    const registry = yield* makeMarketRegistry

    const discover = Effect.gen(function* () {
      const discovery = yield* registry.refresh
      yield* Effect.forEach(discovery.markets, (m) => listing.ticker(m.futuresSymbol), { discard: true }).pipe(
        Effect.retry(TICKERS_DUE),
        Effect.ignore
      )
      const universe = yield* registry.universe
      yield* Effect.logInfo(
        `market discovery: ${universe.markets.length} tiered market(s) traded, ${universe.untiered.length} too ` +
          `illiquid, ${universe.excluded.length} pair(s) excluded`
      )
      return universe.markets.map((m) => m.symbol)
    })

    const first = yield* discover.pipe(
      Effect.retry(FIRST_DISCOVERY),
      Effect.mapError((e) => new UniverseUnavailable({ reason: e.message }))
    )
    if (first.length === 0) yield* Effect.logWarning("market discovery found no tiered market: nothing will be traded")
    const discovered = yield* Ref.make(first)
    const lastEngaged = yield* Ref.make<ReadonlyMap<SymbolKey, SpotSymbol>>(new Map())

    const symbols = Effect.gen(function* () {
      const engaged = yield* engagedSymbols(exchange)
      const known = Option.isSome(engaged)
        ? yield* Ref.setAndGet(lastEngaged, engaged.value)
        : yield* Ref.get(lastEngaged)
      return withEngaged(yield* Ref.get(discovered), known)
    })

    const refresh = discover.pipe(
      Effect.flatMap((next) =>
        Effect.gen(function* () {
          const previous = yield* Ref.getAndSet(discovered, next)
          const added = next.filter((s) => !previous.includes(s))
          const left = previous.filter((s) => !next.includes(s))
          if (added.length + left.length === 0) return
          const engaged = yield* Ref.get(lastEngaged)
          const kept = left.filter((s) => engaged.has(symbolKey(s)))
          yield* Effect.logInfo(
            `universe refreshed: ${next.length} market(s); added ${added.join(", ") || "none"}; ` +
              `left ${left.join(", ") || "none"}` +
              (kept.length > 0 ? ` (${kept.join(", ")} kept until flat: position or order open)` : "")
          )
        })
      ),
      Effect.catchAll((e) => Effect.logWarning(`market discovery refresh failed, universe unchanged: ${e.message}`))
    )
    const every = Duration.hours(config.runtime.discovery_refresh_hours)
    yield* Effect.forkScoped(Effect.repeat(refresh, Schedule.spaced(every)).pipe(Effect.delay(every)))
    return { symbols }
  })
)

/** Candles for the universe found at start (the source serves any symbol; later ones are read the same way). */
export const discoveredMarketData = Layer.unwrapEffect(
  Effect.gen(function* () {
    const universe = yield* TradingUniverse
    return KrakenMarketDataLive(yield* universe.symbols)
  })
)
