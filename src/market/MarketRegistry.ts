import { Clock, Effect, Option, Ref } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { UniverseConfig } from "../config/schema/MarketConfig.ts"
import type { Tier } from "../domain/Instrument.ts"
import type { FuturesSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { type QueryError, Transient } from "../exchange/ExchangeErrors.ts"
import { SpotRest } from "../exchange/kraken/client/SpotRestClient.ts"
import {
  type DiscoveredMarket,
  type Discovery,
  discoverMarkets,
  type Exclusion,
  type Liquidity,
  liquidityOf,
  tierOf
} from "./MarketDiscovery.ts"
import { MarketListing } from "./MarketListing.ts"

export interface RegisteredMarket extends DiscoveredMarket {
  readonly tier: Tier
}

/** The tradeable universe at one moment: tiered markets, discovered-but-illiquid ones, and exclusions. */
export interface Universe {
  readonly markets: ReadonlyArray<RegisteredMarket>
  readonly untiered: ReadonlyArray<DiscoveredMarket>
  readonly excluded: ReadonlyArray<Exclusion>
  readonly discoveredAt: EpochMillis
}

/** Tiers every discovered market from its current liquidity (pure). */
export const rankUniverse = (
  discovery: Discovery,
  liquidity: (futures: FuturesSymbol) => Option.Option<Liquidity>,
  rules: UniverseConfig,
  discoveredAt: EpochMillis
): Universe => {
  const markets: Array<RegisteredMarket> = []
  const untiered: Array<DiscoveredMarket> = []
  for (const market of discovery.markets) {
    const tier = tierOf(market.symbol, liquidity(market.futuresSymbol), rules)
    if (Option.isSome(tier)) markets.push({ ...market, tier: tier.value })
    else untiered.push(market)
  }
  return { markets, untiered, excluded: discovery.excluded, discoveredAt }
}

export interface MarketRegistryService {
  /** Re-discovers the spot↔perpetual pairs and keeps their tickers watched. */
  readonly refresh: Effect.Effect<Discovery, QueryError>
  /** The universe with tiers from the latest tickers; fails before the first successful refresh. */
  readonly universe: Effect.Effect<Universe, Transient>
}

/** The registry over the listed perpetuals and their tickers and Spot REST (pairs); the caller decides when to refresh. */
export const makeMarketRegistry = Effect.gen(function* () {
  const config = yield* AppConfig
  const listing = yield* MarketListing
  const spot = yield* SpotRest
  const last = yield* Ref.make(Option.none<{ readonly discovery: Discovery; readonly at: EpochMillis }>())

  const refresh = Effect.gen(function* () {
    const pairs = yield* spot.assetPairs
    const contracts = yield* listing.contracts
    const discovery = discoverMarkets(
      Object.entries(pairs).map(([name, p]) => ({ name, altname: p.altname, status: p.status })),
      contracts.filter((c) => c.tradeable).map((c) => c.symbol),
      config.universe
    )
    yield* listing.watchTickers(discovery.markets.map((m) => m.futuresSymbol))
    yield* Ref.set(last, Option.some({ discovery, at: yield* Clock.currentTimeMillis }))
    return discovery
  }).pipe(Effect.withSpan("MarketRegistry.refresh"))

  const universe = Effect.gen(function* () {
    const known = yield* Ref.get(last)
    if (Option.isNone(known))
      return yield* new Transient({ operation: "universe", reason: "markets not discovered yet" })
    const liquidity = new Map<FuturesSymbol, Option.Option<Liquidity>>()
    for (const m of known.value.discovery.markets) {
      const ticker = yield* Effect.option(listing.ticker(m.futuresSymbol))
      liquidity.set(m.futuresSymbol, Option.flatMap(ticker, liquidityOf))
    }
    return rankUniverse(
      known.value.discovery,
      (f) => liquidity.get(f) ?? Option.none(),
      config.universe,
      known.value.at
    )
  })

  return { refresh, universe } satisfies MarketRegistryService
})
