import { FetchHttpClient } from "@effect/platform"
import { Clock, Effect, Layer, Option, Schedule, Schema } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import type { Decimal } from "../../domain/Money.ts"
import type { SpotSymbol } from "../../domain/Symbols.ts"
import { Exchange } from "../../exchange/Exchange.ts"
import { KRAKEN_PUBLIC_REST_LIMITS, makeRequestPacer } from "../../exchange/kraken/client/RequestPacer.ts"
import { makeSpotRestClient, type SpotRestClient } from "../../exchange/kraken/client/SpotRestClient.ts"
import { KrakenMarketDataLive } from "../../exchange/kraken/KrakenVenue.ts"
import type { BarSource } from "../../exchange/sim/BarSource.ts"
import { SimExchange } from "../../exchange/sim/inprocess/SimExchange.ts"
import { advancePrice } from "../../exchange/sim/PriceFeed.ts"
import { SimVenue } from "../../exchange/sim/SimVenue.ts"
import { onTick } from "../../exchange/sim/VenueInstruments.ts"
import { MarketClock } from "../../market/MarketClock.ts"
import { lastPrices, listedSymbols } from "./KrakenPrices.ts"
import { TradingUniverse, universeOf } from "./Universe.ts"

/** Kraken's prices could not be read at start: the paper venue would have nothing to fill at. */
export class PricesUnavailable extends Schema.TaggedError<PricesUnavailable>()("PricesUnavailable", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `exchange.kraken.spot_rest_url: no prices from ${this.url}/0/public/Ticker (${this.reason}); paper mode needs them`
  }
}

/** One public Ticker request for the whole universe this often, well inside Kraken's public rate limit. */
const PRICE_POLL = "5 seconds"
const FIRST_PRICES = Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(10)))

/**
 * The venue's opening prices as one flat bar per symbol at `startMs`, served only while the venue is being made
 * (it sizes each contract's tick from it and opens on it); every later price is Kraken's, applied by the driver.
 */
const openingSource = (prices: ReadonlyMap<SpotSymbol, Decimal>, startMs: number) => {
  let opening = true
  const source: BarSource = {
    timeframe: "15m",
    startMs,
    symbols: [...prices.keys()],
    bars: (spot, fromMs, toMs) => {
      const price = prices.get(spot as SpotSymbol)?.toNumber()
      if (!opening || price === undefined || startMs < fromMs || startMs >= toMs) return []
      return [{ openTime: startMs, open: price, high: price, low: price, close: price, volume: 0 }]
    }
  }
  return { source, opened: () => (opening = false) }
}

/**
 * The in-process simulated venue moved by Kraken's last prices: market time is the real clock, and each poll's
 * prices are applied one millisecond before the venue's time catches up with it, so triggers fire and orders
 * fill at Kraken's price then (a stop crossed between two polls fills at the polled price, as after a gap). A
 * failed poll leaves the venue's time where it was: its tickers age and the staleness watchdog pauses entries.
 */
const paperExchange = (config: AppConfigShape, symbols: ReadonlyArray<SpotSymbol>, spotRestUrl: string) =>
  Layer.scoped(
    Exchange,
    Effect.gen(function* () {
      const spot: SpotRestClient = yield* makeSpotRestClient({
        baseUrl: spotRestUrl,
        credentials: Option.none(),
        pacer: yield* makeRequestPacer(KRAKEN_PUBLIC_REST_LIMITS)
      })
      const opening = yield* listedSymbols(spot, symbols).pipe(
        Effect.flatMap((listed) => lastPrices(spot, listed)),
        Effect.filterOrFail(
          (prices) => prices.size > 0,
          () => "Kraken quotes no symbol of exchange.sim.symbols"
        ),
        Effect.retry(FIRST_PRICES),
        Effect.mapError(
          (e) => new PricesUnavailable({ url: spotRestUrl, reason: typeof e === "string" ? e : e.message })
        )
      )
      const traded = [...opening.keys()]
      const startMs = yield* Clock.currentTimeMillis
      const { source, opened } = openingSource(opening, startMs)
      const venue = SimVenue.make({
        symbols: traded,
        source,
        startMs,
        balances: { USD: config.exchange.sim.initial_equity_usd }
      })
      opened()
      const { exchange, control } = yield* SimExchange.make(venue)
      const applyPrices = (prices: ReadonlyMap<SpotSymbol, Decimal>) =>
        Effect.sync(() => {
          for (const [symbol, price] of prices) {
            const listing = venue.listing(symbol)
            const instrument = listing && venue.state.instruments[listing.futures]
            if (!listing || !instrument) continue
            venue.apply((state, time) =>
              advancePrice(state, { symbol: listing.futures, time, last: onTick(price, instrument) })
            )
          }
        })
      const drive = lastPrices(spot, traded).pipe(
        Effect.flatMap((prices) =>
          Effect.gen(function* () {
            const now = yield* Clock.currentTimeMillis
            yield* control.advanceTo(now - 1)
            yield* applyPrices(prices)
            yield* control.advanceTo(now)
          })
        ),
        Effect.catchAll((e) => Effect.logWarning(`paper venue: Kraken prices not read (${e.message}); venue paused`))
      )
      yield* Effect.forkScoped(Effect.repeat(drive, Schedule.spaced(PRICE_POLL)))
      const missing = symbols.filter((s) => !opening.has(s))
      yield* Effect.logWarning(
        `paper mode on Kraken: orders are filled in this process at Kraken's last prices (every ${PRICE_POLL}), ` +
          `none reaches Kraken; ${venue.listings.length} contracts` +
          (missing.length > 0 ? `; not quoted, not traded: ${missing.join(", ")}` : "")
      )
      return exchange
    })
  )

/**
 * `exchange.venue: kraken` with `mode: paper`: Kraken's real market data (Spot OHLC candles, last prices) and
 * the real clock, with every order simulated in this process; no key is needed and no order leaves it. The
 * universe is `exchange.sim.symbols`: the in-process venue lists its contracts once, at start.
 */
export const krakenPaperVenueLayer = (config: AppConfigShape) =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const symbols = yield* universeOf(config)
      const spotRestUrl = config.exchange.kraken.spot_rest_url.replace(/\/+$/, "")
      return Layer.mergeAll(
        TradingUniverse.fixed(config),
        KrakenMarketDataLive(symbols),
        paperExchange(config, symbols, spotRestUrl),
        MarketClock.live
      ).pipe(Layer.provide(FetchHttpClient.layer))
    })
  )
