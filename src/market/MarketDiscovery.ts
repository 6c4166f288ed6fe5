import { Either, Option } from "effect"
import type { UniverseConfig } from "../config/schema/MarketConfig.ts"
import type { Tier } from "../domain/Instrument.ts"
import type { Decimal } from "../domain/Money.ts"
import {
  baseAsset,
  type FuturesSymbol,
  isFiatOrStablecoinBase,
  perpetualCandidates,
  type SpotSymbol,
  type SymbolKey,
  spotFromKrakenSpot,
  symbolKey
} from "../domain/Symbols.ts"

/** A spot market (analysis) paired with the perpetual that trades it (execution). */
export interface DiscoveredMarket {
  readonly symbol: SpotSymbol
  readonly futuresSymbol: FuturesSymbol
  /** Kraken's spot pair name, the key of OHLC / Ticker results (`XXBTZUSD`). */
  readonly krakenPair: string
}

export type ExclusionReason =
  | "unrecognised_pair"
  | "not_usd_quote"
  | "fiat_or_stablecoin_base"
  | "excluded_base"
  | "blocklisted"
  | "no_perpetual"
  | "duplicate"

export interface Exclusion {
  readonly pair: string
  readonly reason: ExclusionReason
}

export interface Discovery {
  readonly markets: ReadonlyArray<DiscoveredMarket>
  readonly excluded: ReadonlyArray<Exclusion>
}

/** What discovery needs of a spot pair (AssetPairs: the result key and its `altname`). */
export interface SpotPair {
  readonly name: string
  readonly altname: string
  readonly status?: string | undefined
}

type Rules = Pick<UniverseConfig, "excluded_bases" | "blocklist">

const classify = (
  pair: SpotPair,
  perpetuals: ReadonlySet<FuturesSymbol>,
  rules: Rules
): Either.Either<DiscoveredMarket, ExclusionReason> => {
  // The altname is the plain form (`EURUSD`, `XBTUSD`); legacy pair names (`ZEURZUSD`) do not always split.
  const parsed = Either.orElse(spotFromKrakenSpot(pair.altname), () => spotFromKrakenSpot(pair.name))
  if (Either.isLeft(parsed) || pair.name.includes(".")) return Either.left("unrecognised_pair")
  const symbol = parsed.right
  if (!symbol.endsWith("/USD")) return Either.left("not_usd_quote")
  if (isFiatOrStablecoinBase(symbol)) return Either.left("fiat_or_stablecoin_base")
  if (rules.excluded_bases.includes(baseAsset(symbol))) return Either.left("excluded_base")
  if (rules.blocklist.some((b) => symbolKey(b) === symbolKey(symbol))) return Either.left("blocklisted")
  const futuresSymbol = perpetualCandidates(symbol).find((c) => perpetuals.has(c))
  return futuresSymbol === undefined
    ? Either.left("no_perpetual")
    : Either.right({ symbol, futuresSymbol, krakenPair: pair.name })
}

/**
 * Spot USD pairs that have a tradeable perpetual, minus fiat and stablecoin bases, configured exclusions and
 * the blocklist (runtime-and-ops §3). Every dropped pair is listed with its reason; one market per symbol key.
 */
export const discoverMarkets = (
  pairs: ReadonlyArray<SpotPair>,
  perpetuals: ReadonlyArray<FuturesSymbol>,
  rules: Rules
): Discovery => {
  const available = new Set(perpetuals)
  const seen = new Set<SymbolKey>()
  const markets: Array<DiscoveredMarket> = []
  const excluded: Array<Exclusion> = []
  for (const pair of [...pairs].sort((a, b) => a.name.localeCompare(b.name))) {
    const result = classify(pair, available, rules)
    if (Either.isLeft(result)) {
      excluded.push({ pair: pair.name, reason: result.left })
    } else if (seen.has(symbolKey(result.right.symbol))) {
      excluded.push({ pair: pair.name, reason: "duplicate" })
    } else {
      seen.add(symbolKey(result.right.symbol))
      markets.push(result.right)
    }
  }
  return { markets, excluded }
}

/** Futures liquidity of a market: 24 h volume in USD and the relative bid/ask spread. */
export interface Liquidity {
  readonly volume24hUsd: Decimal
  readonly spreadPct: Decimal
}

type TierRules = Omit<UniverseConfig, "excluded_bases" | "blocklist">

/**
 * Liquidity tier: pinned bases are A whatever their liquidity; otherwise B or C by the thresholds; None =
 * not traded (also when liquidity is unknown: no data never counts as liquid).
 */
export const tierOf = (
  symbol: SpotSymbol,
  liquidity: Option.Option<Liquidity>,
  rules: TierRules
): Option.Option<Tier> => {
  if (rules.pinned_tier_a_bases.includes(baseAsset(symbol))) return Option.some("A")
  return Option.flatMap(liquidity, ({ volume24hUsd, spreadPct }) => {
    if (volume24hUsd.gte(rules.tier_b_min_volume_24h_usd) && spreadPct.lte(rules.tier_b_max_spread_pct))
      return Option.some<Tier>("B")
    if (volume24hUsd.gte(rules.tier_c_min_volume_24h_usd) && spreadPct.lte(rules.tier_c_max_spread_pct))
      return Option.some<Tier>("C")
    return Option.none()
  })
}

/** Liquidity from a futures ticker: volume (contracts of size 1) × last, and (ask − bid) / mid. */
export const liquidityOf = (ticker: {
  readonly bid: Decimal
  readonly ask: Decimal
  readonly last: Decimal
  readonly volume24h: Option.Option<Decimal>
}): Option.Option<Liquidity> => {
  const mid = ticker.bid.plus(ticker.ask).div(2)
  if (!mid.gt(0) || ticker.ask.lt(ticker.bid)) return Option.none()
  return Option.map(ticker.volume24h, (volume) => ({
    volume24hUsd: volume.times(ticker.last),
    spreadPct: ticker.ask.minus(ticker.bid).div(mid)
  }))
}
