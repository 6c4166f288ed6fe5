import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option, Schedule } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { Decimal } from "../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../src/domain/Order.ts"
import { FuturesSymbol, type SpotSymbol, symbolKey } from "../../../src/domain/Symbols.ts"
import { Exchange, type OrderRequest } from "../../../src/exchange/Exchange.ts"
import { makeSpotRestClient, SpotRest } from "../../../src/exchange/kraken/client/SpotRestClient.ts"
import { KrakenExchangeLive, SpotRestLive } from "../../../src/exchange/kraken/KrakenVenue.ts"
import { MarketListing } from "../../../src/market/MarketListing.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { discoveredUniverseLayer, withEngaged } from "../../../src/runtime/venue/DiscoveredUniverse.ts"
import { TradingUniverse } from "../../../src/runtime/venue/Universe.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { spotRestServer } from "../../support/kraken/SpotRestServer.ts"
import { externalSimServer } from "./ExternalSimServer.ts"
import { liveKrakenConfig } from "./LiveKrakenConfig.ts"

const SIM_SYMBOLS = ["BTC/USD", "ETH/USD", "XRP/USD"]
const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
const spot = (s: string) => s as SpotSymbol

const pair = (base: string, altname: string) => ({ altname, base, quote: "ZUSD", pair_decimals: 4, lot_decimals: 8 })
const PAIRS = {
  XXBTZUSD: pair("XXBT", "XBTUSD"),
  XETHZUSD: pair("XETH", "ETHUSD"),
  XXRPZUSD: pair("XXRP", "XRPUSD"),
  USDTZUSD: pair("USDT", "USDTUSD")
}
const withoutXrp = Object.fromEntries(Object.entries(PAIRS).filter(([name]) => name !== "XXRPZUSD"))

const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "universe-")))
const capturing = (lines: Array<string>) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) =>
      lines.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
    )
  )
const sorted = (symbols: ReadonlyArray<string>) => [...symbols].sort()
/** Polls `symbols` until `done` holds (bounded: 15 s). */
const until = (symbols: Effect.Effect<ReadonlyArray<SpotSymbol>>, done: (s: ReadonlyArray<string>) => boolean) =>
  symbols.pipe(
    Effect.filterOrFail(done, (s) => `universe still ${s.join(", ")}`),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.intersect(Schedule.recurs(150))))
  )

describe("withEngaged", () => {
  it("U01 adds engaged symbols discovery no longer lists, once, after the discovered ones", () => {
    const engaged = new Map([spot("XRP/USD"), spot("BTC/USD"), spot("ADA/USD")].map((s) => [symbolKey(s), s]))
    expect(withEngaged([spot("BTC/USD"), spot("ETH/USD")], engaged)).toEqual([
      "BTC/USD",
      "ETH/USD",
      "ADA/USD",
      "XRP/USD"
    ])
    expect(withEngaged([spot("BTC/USD")], new Map())).toEqual(["BTC/USD"])
  })
})

describe("the discovered universe of exchange.venue: kraken (loopback only)", () => {
  it.scopedLive(
    "U02 tiers the PF_-paired spot pairs, refreshes, and keeps a leaving symbol until its position is closed",
    () =>
      Effect.gen(function* () {
        // Perpetuals and tickers from the simulator's Unified WebSocket; Spot pairs from a Kraken stand-in we can edit
        const server = yield* externalSimServer({ symbols: SIM_SYMBOLS, balances: { USD: "50000" } })
        const script: { assetPairs: unknown } = { assetPairs: PAIRS }
        const pairs = yield* spotRestServer(script)
        const dir = yield* tempDir
        // The simulator's tickers carry no volume: ETH (not pinned) is untiered, BTC and XRP are pinned tier A
        const config = liveKrakenConfig(server.server.url, dir, {
          universe: { pinned_tier_a_bases: ["BTC", "XRP"] },
          runtime: { discovery_refresh_hours: 0.3 / 3600 }
        })
        const spotPairs = yield* makeSpotRestClient({ baseUrl: pairs.url, credentials: Option.none() }).pipe(
          Effect.provide(FetchHttpClient.layer)
        )
        const exchange = KrakenExchangeLive.pipe(
          Layer.provide(SpotRestLive(join(dir, "nonce"))),
          Layer.provide(FetchHttpClient.layer)
        )
        const layer = discoveredUniverseLayer.pipe(
          Layer.provide(Layer.succeed(SpotRest, spotPairs)),
          Layer.provide(MarketListing.fromExchange),
          Layer.provideMerge(exchange),
          Layer.provide(AppConfig.layerFrom(config))
        )
        const logs: Array<string> = []
        yield* Effect.gen(function* () {
          const universe = yield* TradingUniverse
          const venue = yield* Exchange
          expect(sorted(yield* universe.symbols)).toEqual(["BTC/USD", "XRP/USD"])

          const order = (id: string, side: "buy" | "sell", reduceOnly: boolean): OrderRequest => ({
            clientOrderId: ClientOrderId.make(id),
            symbol: FuturesSymbol.make("PF_XRPUSD"),
            side,
            type: "market",
            quantity: new Decimal("100"),
            reduceOnly,
            postOnly: false
          })
          yield* venue.placeOrder(order("xrp-entry", "buy", false))
          yield* venue.positions.pipe(
            Effect.filterOrFail((positions) => positions.some((p) => p.symbol === "PF_XRPUSD")),
            Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.intersect(Schedule.recurs(100))))
          )

          // XRP/USD leaves Spot: discovery drops it, the open position keeps it in the universe
          script.assetPairs = withoutXrp
          yield* until(universe.symbols, () => logs.some((l) => l.includes("left XRP/USD")))
          expect(logs.find((l) => l.includes("left XRP/USD"))).toContain("XRP/USD kept until flat")
          expect(sorted(yield* universe.symbols)).toEqual(["BTC/USD", "XRP/USD"])

          // Flat again: the next read drops it
          yield* venue.placeOrder(order("xrp-exit", "sell", true))
          expect(yield* until(universe.symbols, (s) => !s.includes("XRP/USD"))).toEqual(["BTC/USD"])
        }).pipe(Effect.provide(layer), Effect.provide(capturing(logs)))
        expect(logs.some((l) => /market discovery: 2 tiered market\(s\) traded, 1 too illiquid, 1 pair/.test(l))).toBe(
          true
        )
      }),
    30_000
  )

  it.scopedLive("U03 trading live ticks over the discovered universe, not exchange.sim.symbols", () =>
    Effect.gen(function* () {
      const server = yield* externalSimServer({ symbols: SIM_SYMBOLS, speed: 1 })
      const config = liveKrakenConfig(server.server.url, yield* tempDir, {
        exchange: { sim: { symbols: ["ADA/USD"] } },
        universe: { pinned_tier_a_bases: ["BTC", "ETH"] }
      })
      yield* Effect.gen(function* () {
        yield* liveProgram({ maxTicks: Option.some(1) })
        const events = yield* SystemEventRepository
        const [startup] = yield* events.byType("startup", all)
        expect(startup?.details).toMatchObject({ venue: "kraken", symbols: 2 })
        const [tick] = yield* events.byType("tick_completed", all)
        expect(tick?.details).toMatchObject({ tick: 1, symbols: 2 })
      }).pipe(
        Effect.provide(liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))),
        Effect.provide(capturing([]))
      )
    })
  )
})
