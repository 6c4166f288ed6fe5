import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option, Redacted, Schedule } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { mergeTrees, type Tree } from "../../../src/config/Tree.ts"
import { Decimal } from "../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../src/domain/Order.ts"
import { FuturesSymbol } from "../../../src/domain/Symbols.ts"
import { Exchange, type OrderRequest } from "../../../src/exchange/Exchange.ts"
import { SimControl } from "../../../src/exchange/sim/inprocess/SimControl.ts"
import { advancePrice } from "../../../src/exchange/sim/PriceFeed.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { krakenPaperVenueLayer } from "../../../src/runtime/venue/KrakenPaperVenue.ts"
import { TradingUniverse } from "../../../src/runtime/venue/Universe.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { xbtOrder } from "../../exchange/sim/contract/Scenarios.ts"
import { spotRestServer, TEST_API_KEY, TEST_API_SECRET } from "../../support/kraken/SpotRestServer.ts"
import { externalSimServer } from "./ExternalSimServer.ts"

const SYMBOLS = ["BTC/USD", "ETH/USD"]
const all = { from: 0, to: Number.MAX_SAFE_INTEGER }

/**
 * `mode: paper` on `exchange.venue: kraken`, no keys, every Kraken endpoint on loopback: the simulator at `url`
 * (Unified WebSocket, futures REST, and Spot REST unless `spotUrl` names a stand-in); `patch` merged over it.
 */
const paperKrakenConfig = (url: string, dir: string, patch: Tree = {}, spotUrl = url) =>
  testConfigSync({
    config: mergeTrees(
      {
        exchange: {
          venue: "kraken",
          sim: { symbols: ["ADA/USD"], initial_equity_usd: 12_345 },
          kraken: {
            spot_rest_url: spotUrl,
            futures_rest_url: url,
            ws_public_url: `${url.replace("http", "ws")}/v2/public`,
            ws_private_url: `${url.replace("http", "ws")}/v2/private`
          }
        },
        runtime: { tick_interval_seconds: 0.5 },
        storage: { sqlite_path: ":memory:", positions_db_path: join(dir, "positions.db") },
        dashboard: { enabled: false },
        data: { history_days_15m: 1, history_days_1h: 2, history_days_4h: 5, history_days_1d: 20 }
      },
      patch
    )
  })

const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "kraken-paper-")))

const pair = (base: string, altname: string) => ({ altname, base, quote: "ZUSD", pair_decimals: 4, lot_decimals: 8 })
const PAIRS = {
  XXBTZUSD: pair("XXBT", "XBTUSD"),
  XETHZUSD: pair("XETH", "ETHUSD"),
  XXRPZUSD: pair("XXRP", "XRPUSD")
}
const withoutXrp = Object.fromEntries(Object.entries(PAIRS).filter(([name]) => name !== "XXRPZUSD"))
/** A Spot Ticker answer as Kraken sends it, last trade at `price`. */
const quote = (price: string) => ({
  a: [price, "1", "1"],
  b: [price, "1", "1"],
  c: [price, "1"],
  v: ["1", "1"],
  p: [price, price],
  t: [1, 1],
  l: [price, price],
  h: [price, price],
  o: price
})
const TICKER = { XXBTZUSD: quote("60000"), XETHZUSD: quote("3000"), XXRPZUSD: quote("2.5") }

/** Captures every log line as `LEVEL message`. */
const captureLogs = () => {
  const logs: Array<string> = []
  const logger = Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`))
  )
  return { logs, logger }
}

/** Prices read every half second instead of every 5 s: the tests wait on several reads. */
const FAST_POLL = "500 millis"

/** Polls `effect` until `done` holds (bounded: 15 s). */
const until = <A, E>(effect: Effect.Effect<A, E>, done: (a: A) => boolean) =>
  effect.pipe(
    Effect.filterOrFail(done, () => "not yet"),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.intersect(Schedule.recurs(150))))
  )

describe("trading live with mode: paper on exchange.venue: kraken (loopback only)", () => {
  it.scopedLive("ticks on Kraken's candles with the paper equity, says so, and sends nothing to the venue", () =>
    Effect.gen(function* () {
      const server = yield* externalSimServer({ symbols: SYMBOLS, speed: 1 })
      const config = paperKrakenConfig(server.server.url, yield* tempDir)
      const { logs, logger: capture } = captureLogs()
      yield* Effect.gen(function* () {
        yield* liveProgram({ maxTicks: Option.some(2) })
        const events = yield* SystemEventRepository
        expect((yield* events.byType("tick_completed", all)).map((e) => e.details.tick)).toEqual([1, 2])
        const [startup] = yield* events.byType("startup", all)
        // The discovered universe (BTC and ETH pinned tier A), not exchange.sim.symbols (ADA/USD)
        expect(startup?.details).toMatchObject({ mode: "paper", venue: "kraken", equity: "12345", symbols: 2 })
      }).pipe(
        Effect.provide(liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))),
        Effect.provide(capture)
      )
      expect(logs.some((l) => l.startsWith("WARN paper mode on Kraken: orders are filled in this process"))).toBe(true)
      expect(logs.some((l) => l.includes("REAL MONEY"))).toBe(false)
      expect(server.venue.state.orderEvents.length).toBe(0)
    })
  )

  it.scopedLive("fills orders in process at Kraken's last prices as they move; the venue never sees them", () =>
    Effect.gen(function* () {
      // Market time frozen on the server: only this test moves its price
      const server = yield* externalSimServer({ symbols: SYMBOLS, frozen: true })
      const config = paperKrakenConfig(server.server.url, yield* tempDir)
      const xbt = FuturesSymbol.make("PF_XBTUSD")
      const krakenLast = () => server.venue.state.prices.PF_XBTUSD!.last
      const order = xbtOrder
      const opening = krakenLast()
      // The venue's connections and price driver live while the provided effect runs
      yield* Effect.gen(function* () {
        const exchange = yield* Exchange
        yield* exchange.placeOrder(order("paper-entry", {}))
        const [position] = yield* exchange.positions.pipe(
          Effect.filterOrFail((positions) => positions.length > 0),
          Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.intersect(Schedule.recurs(40))))
        )
        expect(position).toMatchObject({ symbol: xbt, side: "long" })
        expect(position?.size.toString()).toBe("0.01")
        expect(position?.entryPrice.toString()).toBe(opening.toString())

        // Kraken drops 10 % through a protective stop 5 % below: the next price poll fills it at the new price
        const stop = opening.times(0.95).toDecimalPlaces(0)
        yield* exchange.placeOrder(
          order("paper-stop", { side: "sell", type: "stop", triggerPrice: stop, reduceOnly: true })
        )
        const dropped = opening.times(0.9).toDecimalPlaces(0)
        server.venue.apply((state, time) => advancePrice(state, { symbol: "PF_XBTUSD", time, last: dropped }))
        const closed = yield* exchange.orderByClientId(ClientOrderId.make("paper-stop")).pipe(
          Effect.filterOrFail((found) => Option.isSome(found) && found.value.status === "filled"),
          Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.intersect(Schedule.recurs(100))))
        )
        const fillPrice = Option.flatMap(closed, (o) => o.averageFillPrice)
        expect(Option.map(fillPrice, String)).toEqual(Option.some(dropped.toString()))
        expect(yield* exchange.positions).toEqual([])
      }).pipe(Effect.provide(krakenPaperVenueLayer(config, FAST_POLL).pipe(Layer.provide(AppConfig.layerFrom(config)))))
      // Nothing reached the venue the prices came from
      expect(server.venue.state.orderEvents.length).toBe(0)
      expect(server.venue.state.openOrders).toEqual([])
    })
  )

  it.scopedLive(
    "trades live mode's discovered universe: lists what discovery adds, keeps a leaving symbol until flat, " +
      "warns once when it loses its price, keys configured yet none sent",
    () =>
      Effect.gen(function* () {
        // Perpetuals and tickers from the simulator's public Unified WebSocket; Spot pairs and prices from a
        // Kraken stand-in we can edit (its Ticker fails whole on a pair AssetPairs lacks, as Kraken's does). The
        // simulator's tickers carry no volume: only pinned bases are tiered.
        const server = yield* externalSimServer({ symbols: ["BTC/USD", "ETH/USD", "XRP/USD"], frozen: true })
        const script: { assetPairs: unknown; ticker: unknown } = { assetPairs: withoutXrp, ticker: TICKER }
        const spot = yield* spotRestServer(script)
        // Keys configured, so the "nothing signed" check below could catch them being used
        const keys = { api_key: TEST_API_KEY, api_secret: Redacted.value(TEST_API_SECRET) }
        const config = paperKrakenConfig(
          server.server.url,
          yield* tempDir,
          {
            exchange: { kraken: keys },
            universe: { pinned_tier_a_bases: ["BTC", "XRP"] },
            runtime: { discovery_refresh_hours: 0.3 / 3600 }
          },
          spot.url
        )
        const { logs, logger: capture } = captureLogs()
        const xrp = FuturesSymbol.make("PF_XRPUSD")
        const order = (id: string, side: "buy" | "sell", reduceOnly: boolean): OrderRequest => ({
          clientOrderId: ClientOrderId.make(id),
          symbol: xrp,
          side,
          type: "market",
          quantity: new Decimal("100"),
          reduceOnly,
          postOnly: false
        })
        const sorted = (symbols: ReadonlyArray<string>) => [...symbols].sort()
        yield* Effect.gen(function* () {
          const universe = yield* TradingUniverse
          const exchange = yield* Exchange
          const paper = (yield* SimControl).venue
          const btcPrice = () => paper.state.prices.PF_XBTUSD?.last.toString()
          const listed = Effect.map(exchange.contracts, (contracts) => contracts.map((c) => c.symbol).sort())
          // Discovery, not exchange.sim.symbols (ADA/USD): ETH is untiered, XRP not a Spot pair yet
          expect(yield* universe.symbols).toEqual(["BTC/USD"])
          expect(yield* listed).toEqual(["PF_XBTUSD"])

          // XRP/USD becomes a Spot pair: the refresh adds it, the paper venue lists its contract at Kraken's price
          script.assetPairs = PAIRS
          yield* until(listed, (symbols) => symbols.includes(xrp))
          expect(sorted(yield* universe.symbols)).toEqual(["BTC/USD", "XRP/USD"])
          yield* exchange.placeOrder(order("xrp-entry", "buy", false))
          const [position] = yield* until(exchange.positions, (positions) => positions.length > 0)
          expect(position).toMatchObject({ symbol: xrp, side: "long" })
          expect(position?.entryPrice.toString()).toBe("2.5")

          // XRP/USD leaves Spot: discovery drops it, the open paper position keeps it in the universe
          script.assetPairs = withoutXrp
          yield* until(universe.symbols, () => logs.some((l) => l.includes("left XRP/USD")))
          expect(logs.find((l) => l.includes("left XRP/USD"))).toContain("XRP/USD kept until flat")
          expect(sorted(yield* universe.symbols)).toEqual(["BTC/USD", "XRP/USD"])

          // A Ticker request naming XRPUSD now fails whole: the pair list is read again, BTC/USD priced on, and
          // the open XRP position's lost price told once, to the log and the alert sink
          script.ticker = { ...TICKER, XXBTZUSD: quote("61000") }
          yield* until(Effect.sync(btcPrice), (price) => price === "61000")
          const unpriced = (line: string) =>
            line.includes("XRP/USD has an open paper position or order but no Kraken price")
          expect(logs.filter(unpriced)).toEqual([
            "WARN paper venue: XRP/USD has an open paper position or order but no Kraken price (not among Kraken " +
              "Spot's pairs); its stops and take-profits cannot trigger"
          ])
          script.ticker = { ...TICKER, XXBTZUSD: quote("62000") }
          yield* until(Effect.sync(btcPrice), (price) => price === "62000")
          expect(logs.filter(unpriced).length).toBe(1)

          // Flat again: the next read drops it
          yield* exchange.placeOrder(order("xrp-exit", "sell", true))
          expect(yield* until(universe.symbols, (s) => !s.some((symbol) => symbol === "XRP/USD"))).toEqual(["BTC/USD"])
        }).pipe(
          Effect.provide(krakenPaperVenueLayer(config, FAST_POLL).pipe(Layer.provide(AppConfig.layerFrom(config)))),
          Effect.provide(capture)
        )
        expect(logs.some((l) => l.includes("paper venue: listed XRP/USD"))).toBe(true)
        // Public endpoints only: nothing signed, no private path, and no order reached the venue behind them
        expect(spot.requests.filter((r) => r.path.startsWith("/0/private") || "api-key" in r.headers)).toEqual([])
        expect(server.venue.state.orderEvents.length).toBe(0)
      }),
    60_000
  )

  it.scopedLive(
    "a throw while applying prices is logged as an error and the price loop goes on",
    () =>
      Effect.gen(function* () {
        const server = yield* externalSimServer({ symbols: SYMBOLS, frozen: true })
        const script: { assetPairs: unknown; ticker: unknown } = { assetPairs: PAIRS, ticker: TICKER }
        const spot = yield* spotRestServer(script)
        const config = paperKrakenConfig(server.server.url, yield* tempDir, {}, spot.url)
        const { logs, logger } = captureLogs()
        yield* Effect.gen(function* () {
          const paper = (yield* SimControl).venue
          // A venue listener that throws at the price loop's next step: a defect inside it
          let faults = 1
          const unsubscribe = paper.subscribe(() => {
            if (faults === 0) return
            faults--
            throw new Error("listener fault")
          })
          yield* until(
            Effect.sync(() => faults),
            (left) => left === 0
          )
          unsubscribe()
          script.ticker = { ...TICKER, XXBTZUSD: quote("61000") }
          yield* until(
            Effect.sync(() => paper.state.prices.PF_XBTUSD?.last.toString()),
            (price) => price === "61000"
          )
        }).pipe(
          Effect.provide(krakenPaperVenueLayer(config, FAST_POLL).pipe(Layer.provide(AppConfig.layerFrom(config)))),
          Effect.provide(logger)
        )
        expect(logs.filter((l) => l.startsWith("ERROR paper venue: applying Kraken prices failed")).length).toBe(1)
      }),
    30_000
  )
})
