import { FetchHttpClient } from "@effect/platform"
import { Clock, Duration, Effect, Layer, Option, Ref, Schedule, Schema } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import type { Decimal } from "../../domain/Money.ts"
import type { SpotSymbol } from "../../domain/Symbols.ts"
import { SpotRest } from "../../exchange/kraken/client/SpotRestClient.ts"
import { KrakenPublicMarketLive, SpotRestPublicLive } from "../../exchange/kraken/KrakenVenue.ts"
import { SimControl } from "../../exchange/sim/inprocess/SimControl.ts"
import { SimExchange } from "../../exchange/sim/inprocess/SimExchange.ts"
import { advancePrice } from "../../exchange/sim/PriceFeed.ts"
import { SimVenue } from "../../exchange/sim/SimVenue.ts"
import { onTick } from "../../exchange/sim/VenueInstruments.ts"
import { MarketClock } from "../../market/MarketClock.ts"
import { discoveredMarketData, discoveredUniverseLayer } from "./DiscoveredUniverse.ts"
import { lastPrices, listedSymbols } from "./KrakenPrices.ts"
import { TradingUniverse } from "./Universe.ts"
import { makeUnpricedWatch } from "./UnpricedWatch.ts"

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
const PRICE_POLL: Duration.DurationInput = "5 seconds"
const FIRST_PRICES = Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(10)))

/**
 * The in-process simulated venue, empty at start (the real clock's now): the price driver lists each contract
 * when its symbol first has a Kraken price.
 */
const paperSimVenue = (config: AppConfigShape) =>
  Layer.unwrapEffect(
    Effect.map(Clock.currentTimeMillis, (startMs) =>
      SimExchange.layer(
        SimVenue.make({
          symbols: [],
          source: { timeframe: "15m", startMs, symbols: [], bars: () => [] },
          startMs,
          balances: { USD: config.exchange.sim.initial_equity_usd }
        })
      )
    )
  )

/**
 * The universe's symbols Kraken Spot lists: a Ticker request naming one unknown pair fails whole. AssetPairs is
 * read again when the universe changed (a refresh, or a kept symbol gone flat) and after `forget` (a failed poll:
 * a pair Kraken stopped listing, as a kept symbol's may be, fails every Ticker request naming it).
 */
const makeQuotable = Effect.gen(function* () {
  const spot = yield* SpotRest
  const universe = yield* TradingUniverse
  const checked = yield* Ref.make(Option.none<{ universe: string; quotable: ReadonlyArray<SpotSymbol> }>())
  const symbols = Effect.gen(function* () {
    const current = yield* universe.symbols
    const key = current.join(",")
    const last = Option.filter(yield* Ref.get(checked), (c) => c.universe === key)
    if (Option.isSome(last)) return last.value.quotable
    const quotable = yield* listedSymbols(spot, current)
    yield* Ref.set(checked, Option.some({ universe: key, quotable }))
    return quotable
  })
  return { symbols, forget: Ref.set(checked, Option.none()) }
})

/**
 * Moves the paper venue by Kraken's last prices: market time is the real clock, and each poll's prices are
 * applied one millisecond before the venue's time catches up with it, so triggers fire and orders fill at
 * Kraken's price then (a stop crossed between two polls fills at the polled price, as after a gap). A symbol new
 * to the universe has its contract listed at its first price. A failed poll leaves the venue's time where it
 * was: its tickers age and the staleness watchdog pauses entries, and the next poll checks the pair list again. A
 * symbol with a paper position or working order left without a price is warned of once (see `makeUnpricedWatch`).
 * Start-up fails when Kraken quotes nothing.
 */
const priceDriver = (spotRestUrl: string, pricePoll: Duration.DurationInput) =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const spot = yield* SpotRest
      const control = yield* SimControl
      const universe = yield* TradingUniverse
      const quotable = yield* makeQuotable
      const watchUnpriced = yield* makeUnpricedWatch
      const venue = control.venue

      /** Spot symbols of the paper positions and working orders. */
      const engaged = () =>
        new Set(
          [...Object.keys(venue.state.positions), ...venue.state.openOrders.map((o) => o.symbol)].flatMap(
            (futures) => venue.listing(futures)?.spot ?? []
          )
        )
      const poll = Effect.gen(function* () {
        const symbols = yield* quotable.symbols
        const prices =
          symbols.length === 0
            ? new Map<SpotSymbol, Decimal>()
            : yield* lastPrices(spot, symbols).pipe(Effect.tapError(() => quotable.forget))
        yield* watchUnpriced(
          [...engaged()]
            .filter((symbol) => !prices.has(symbol))
            .map((symbol) => ({
              symbol,
              reason: symbols.includes(symbol) ? "no answer in Kraken's Ticker" : "not among Kraken Spot's pairs"
            }))
        )
        return prices
      })
      const applyPrices = (prices: ReadonlyMap<SpotSymbol, Decimal>) =>
        Effect.sync(() => {
          const listed: Array<SpotSymbol> = []
          for (const [symbol, price] of prices) {
            if (venue.list(symbol, price.toNumber())) listed.push(symbol)
            const listing = venue.listing(symbol)
            const instrument = listing && venue.state.instruments[listing.futures]
            if (!listing || !instrument) continue
            venue.apply((state, time) =>
              advancePrice(state, { symbol: listing.futures, time, last: onTick(price, instrument) })
            )
          }
          return listed
        })
      const drive = (prices: ReadonlyMap<SpotSymbol, Decimal>) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          yield* control.advanceTo(now - 1)
          const listed = yield* applyPrices(prices)
          yield* control.advanceTo(now)
          return listed
        })

      const symbols = yield* universe.symbols
      const opening = yield* poll.pipe(
        Effect.filterOrFail(
          (prices) => prices.size > 0 || symbols.length === 0,
          () => "Kraken quotes no symbol of the universe"
        ),
        Effect.retry(FIRST_PRICES),
        Effect.mapError(
          (e) => new PricesUnavailable({ url: spotRestUrl, reason: typeof e === "string" ? e : e.message })
        )
      )
      yield* drive(opening)
      const missing = symbols.filter((s) => !opening.has(s))
      yield* Effect.logWarning(
        `paper mode on Kraken: orders are filled in this process at Kraken's last prices (every ${Duration.format(pricePoll)}), ` +
          `none reaches Kraken; ${venue.listings.length} contracts` +
          (missing.length > 0 ? `; not quoted, not traded: ${missing.join(", ")}` : "")
      )

      const next = poll.pipe(
        Effect.flatMap(drive),
        Effect.tap((listed) =>
          listed.length > 0 ? Effect.logInfo(`paper venue: listed ${listed.join(", ")} at Kraken's price`) : Effect.void
        ),
        Effect.catchAll((e) => Effect.logWarning(`paper venue: Kraken prices not read (${e.message}); venue paused`)),
        // A defect (a throw while applying prices) must not end the loop: the paper venue would freeze silently
        Effect.catchAllCause((cause) =>
          Effect.logError("paper venue: applying Kraken prices failed; polling goes on", cause)
        )
      )
      yield* Effect.forkScoped(Effect.repeat(next, Schedule.spaced(pricePoll)).pipe(Effect.delay(pricePoll)))
    })
  )

/**
 * `exchange.venue: kraken` with `mode: paper`: Kraken's real market data (Spot OHLC candles, last prices) and
 * the real clock, with every order simulated in this process; no key is needed, none is sent and no order leaves
 * it. The universe is live mode's: market discovery over Kraken's public Spot pairs and public Unified WebSocket
 * (perpetuals, tickers), refreshed every `runtime.discovery_refresh_hours`, a leaving symbol kept until the paper
 * position and orders on it are gone. `pricePoll`: how often prices are read (5 s; tests read faster).
 */
export const krakenPaperVenueLayer = (config: AppConfigShape, pricePoll: Duration.DurationInput = PRICE_POLL) => {
  const spotRestUrl = config.exchange.kraken.spot_rest_url.replace(/\/+$/, "")
  const universe = discoveredUniverseLayer.pipe(Layer.provide(KrakenPublicMarketLive))
  return Layer.mergeAll(priceDriver(spotRestUrl, pricePoll), discoveredMarketData, MarketClock.live).pipe(
    Layer.provideMerge(universe),
    Layer.provideMerge(paperSimVenue(config)),
    Layer.provide(SpotRestPublicLive),
    Layer.provide(FetchHttpClient.layer)
  )
}
