import { Either, Option } from "effect"
import { type FuturesSymbol, parseFuturesSymbol } from "../../../domain/Symbols.ts"
import type { ContractSpec, MarketTicker } from "../../Exchange.ts"
import type { InstrumentPair } from "../wire/channels/Instrument.ts"
import type { Ticker } from "../wire/channels/Ticker.ts"
import type { ChannelData } from "../wire/Incoming.ts"

/** Contract grids (kept across reconnects: they rarely change) and the tickers of the live connection. */
export interface PublicFeed {
  readonly contracts: ReadonlyMap<FuturesSymbol, ContractSpec>
  readonly tickers: ReadonlyMap<FuturesSymbol, MarketTicker>
}

export const emptyPublicFeed: PublicFeed = { contracts: new Map(), tickers: new Map() }

// Spot-v2 statuses; a contract without one is taken as tradeable.
const TRADEABLE = new Set(["online", "post_only", "limit_only", "reduce_only"])

const contractOf = (symbol: FuturesSymbol, p: InstrumentPair): ContractSpec => ({
  symbol,
  tickSize: p.price_increment,
  sizeStep: p.qty_increment,
  minSize: p.qty_min,
  tradeable: p.status === undefined || TRADEABLE.has(p.status)
})

const tickerOf = (symbol: FuturesSymbol, t: Ticker, now: number): MarketTicker => ({
  symbol,
  bid: t.bid,
  ask: t.ask,
  last: t.last,
  markPrice: Option.fromNullable(t.mark_price),
  indexPrice: Option.fromNullable(t.index_price),
  fundingRate: Option.fromNullable(t.funding_rate),
  volume24h: Option.fromNullable(t.volume),
  receivedAt: now
})

const bySymbol = <A extends { readonly symbol: string }, B>(
  items: ReadonlyArray<A>,
  into: Map<FuturesSymbol, B>,
  make: (symbol: FuturesSymbol, a: A) => B
): Map<FuturesSymbol, B> => {
  for (const item of items) {
    const symbol = parseFuturesSymbol(item.symbol)
    if (Either.isRight(symbol)) into.set(symbol.right, make(symbol.right, item))
  }
  return into
}

export const applyPublic = (feed: PublicFeed, message: ChannelData, now: number): PublicFeed => {
  switch (message.channel) {
    case "instrument":
      return {
        ...feed,
        contracts: bySymbol(message.data.pairs, new Map(message.type === "snapshot" ? [] : feed.contracts), contractOf)
      }
    case "ticker":
      return { ...feed, tickers: bySymbol(message.data, new Map(feed.tickers), (s, t) => tickerOf(s, t, now)) }
    default:
      return feed
  }
}

/** Tickers are only as good as the connection that brought them. */
export const publicLost = (feed: PublicFeed): PublicFeed => ({ ...feed, tickers: new Map() })
