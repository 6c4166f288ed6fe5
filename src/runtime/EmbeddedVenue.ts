import { FetchHttpClient } from "@effect/platform"
import { Context, DateTime, Effect, Layer, Option, Redacted, Schedule } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { memoryNonceStore } from "../exchange/kraken/client/NonceStore.ts"
import { makeSpotRestClient } from "../exchange/kraken/client/SpotRestClient.ts"
import { makeKrakenExchange } from "../exchange/kraken/KrakenExchange.ts"
import { KRAKEN_CONNECTION_POLICY } from "../exchange/kraken/KrakenVenue.ts"
import { syntheticBars } from "../exchange/sim/BarSource.ts"
import { FaultInjector } from "../exchange/sim/faults/Faults.ts"
import { makeFaultyVenue } from "../exchange/sim/faults/FaultyVenue.ts"
import { LONG_RUN_HISTORY_LIMIT, longRunMarket } from "../exchange/sim/LongRunning.ts"
import type { SimVenue } from "../exchange/sim/SimVenue.ts"
import { startSimServer } from "../exchange/sim/server/SimServer.ts"
import { MarketClock } from "../market/MarketClock.ts"
import { MarketDataSource } from "../market/MarketDataSource.ts"
import type { SyntheticMarket } from "../market/SyntheticMarket.ts"

/** The synthetic market's history starts this long before the simulated clock, so start-up history exists. */
export const SYNTHETIC_LEAD_MS = 730 * 86_400_000
/** How often the venue's prices catch up with the market clock (real time). */
const DRIVE_EVERY = "250 millis"
const EMBEDDED_API_KEY = "embedded-sim"

const marketDataOf = (market: SyntheticMarket) =>
  Layer.succeed(MarketDataSource, {
    name: "synthetic",
    symbols: market.symbols,
    closedCandles: (symbol, timeframe, fromMs, toMs) =>
      Effect.sync(() => market.candles(symbol, timeframe, fromMs, toMs))
  })

/** A random secret per process: the embedded venue is reachable on loopback only while this process runs. */
const sessionSecret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(64))).toString("base64")

/**
 * The embedded venue's own state and fault injector, beside the `Exchange` port: for inspection only (the soak
 * reads every order the venue ever accepted); trading goes through the adapter.
 */
export class EmbeddedSimVenue extends Context.Tag("EmbeddedSimVenue")<
  EmbeddedSimVenue,
  { readonly venue: SimVenue; readonly faults: FaultInjector }
>() {}

/**
 * The Kraken-wire simulator started inside this process on a free loopback port, its prices following the
 * market clock, and the `Exchange` port on it through the real Kraken adapter (Unified WebSocket, token from
 * Spot REST): paper trading exercises the very code that trades on Kraken. Strategy candles and venue prices
 * come from one synthetic market, so the signals and the fills see the same prices.
 */
const embeddedExchange = (config: AppConfigShape, market: SyntheticMarket) =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const sim = config.exchange.sim
      const clock = yield* MarketClock
      const faults = new FaultInjector({ ...sim.faults, seed: sim.seed })
      const venue = makeFaultyVenue(
        {
          symbols: sim.symbols,
          source: syntheticBars(market),
          startMs: DateTime.toEpochMillis(sim.start),
          balances: { USD: sim.initial_equity_usd },
          historyLimit: LONG_RUN_HISTORY_LIMIT
        },
        faults
      )
      const credentials = { apiKey: EMBEDDED_API_KEY, apiSecret: Redacted.make(sessionSecret()) }
      const server = yield* Effect.acquireRelease(
        Effect.promise(() =>
          startSimServer({
            venue,
            credentials,
            faults,
            seed: sim.seed,
            speed: sim.speed,
            host: "127.0.0.1",
            port: 0
          })
        ),
        (s) => Effect.promise(() => s.close())
      )
      const drive = Effect.map(clock.now, (now) => venue.advanceTo(now))
      yield* drive
      yield* Effect.forkScoped(Effect.repeat(drive, Schedule.spaced(DRIVE_EVERY)))
      const spot = yield* makeSpotRestClient({
        baseUrl: server.url,
        credentials: Option.some({
          apiKey: Redacted.make(credentials.apiKey),
          apiSecret: credentials.apiSecret,
          nonces: yield* memoryNonceStore
        })
      })
      yield* Effect.logInfo(`embedded simulated venue on ${server.url} (${venue.listings.length} contracts)`)
      const exchange = yield* makeKrakenExchange({
        ...KRAKEN_CONNECTION_POLICY,
        publicUrl: server.wsPublicUrl,
        privateUrl: server.wsPrivateUrl,
        token: Effect.map(spot.webSocketsToken, (t) => t.token)
      })
      return Context.make(Exchange, exchange).pipe(Context.add(EmbeddedSimVenue, { venue, faults }))
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))

/** Market data, market clock and exchange of the embedded simulated venue (`exchange.venue: sim`, `sim.url: null`). */
export const embeddedVenueLayer = (config: AppConfigShape) => {
  const sim = config.exchange.sim
  const startMs = DateTime.toEpochMillis(sim.start)
  const market = longRunMarket({ seed: sim.seed, openMs: startMs, leadMs: SYNTHETIC_LEAD_MS, symbols: sim.symbols })
  const clock = MarketClock.accelerated({ startMs, speed: sim.speed })
  return Layer.mergeAll(marketDataOf(market), clock, embeddedExchange(config, market).pipe(Layer.provide(clock)))
}
