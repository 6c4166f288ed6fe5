import { Context, Layer } from "effect"
import { Exchange, type ExchangeService } from "../exchange/Exchange.ts"

/** The contracts a venue lists and their tickers: what market discovery reads, apart from Spot's pairs. */
export type MarketListingService = Pick<ExchangeService, "contracts" | "watchTickers" | "ticker">

/**
 * Where discovery reads the perpetuals and their liquidity: the traded venue itself in `mode: live`, Kraken's
 * public feed in paper mode (whose venue, simulated in process, lists only what it was told to).
 */
export class MarketListing extends Context.Tag("MarketListing")<MarketListing, MarketListingService>() {
  /** The traded venue's own contracts and tickers. */
  static readonly fromExchange: Layer.Layer<MarketListing, never, Exchange> = Layer.effect(MarketListing, Exchange)
}
