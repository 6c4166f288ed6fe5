import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option, Schedule } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { ClientOrderId } from "../../../src/domain/Order.ts"
import { FuturesSymbol } from "../../../src/domain/Symbols.ts"
import { Exchange } from "../../../src/exchange/Exchange.ts"
import { advancePrice } from "../../../src/exchange/sim/PriceFeed.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { krakenPaperVenueLayer } from "../../../src/runtime/venue/KrakenPaperVenue.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { xbtOrder } from "../../exchange/sim/contract/Scenarios.ts"
import { externalSimServer } from "./ExternalSimServer.ts"

const SYMBOLS = ["BTC/USD", "ETH/USD"]
const all = { from: 0, to: Number.MAX_SAFE_INTEGER }

/** `mode: paper` on `exchange.venue: kraken`, no keys, Kraken's public endpoints pointed at the loopback simulator. */
const paperKrakenConfig = (url: string, dir: string) =>
  testConfigSync({
    config: {
      exchange: {
        venue: "kraken",
        sim: { symbols: SYMBOLS, initial_equity_usd: 12_345 },
        kraken: { spot_rest_url: url, futures_rest_url: url }
      },
      runtime: { tick_interval_seconds: 0.5 },
      storage: { sqlite_path: ":memory:", positions_db_path: join(dir, "positions.db") },
      dashboard: { enabled: false },
      data: { history_days_15m: 1, history_days_1h: 2, history_days_4h: 5, history_days_1d: 20 }
    }
  })

const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "kraken-paper-")))

describe("trading live with mode: paper on exchange.venue: kraken (loopback only)", () => {
  it.scopedLive("ticks on Kraken's candles with the paper equity, says so, and sends nothing to the venue", () =>
    Effect.gen(function* () {
      const server = yield* externalSimServer({ symbols: SYMBOLS, speed: 1 })
      const config = paperKrakenConfig(server.server.url, yield* tempDir)
      const logs: Array<string> = []
      const capture = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`))
      )
      yield* Effect.gen(function* () {
        yield* liveProgram({ maxTicks: Option.some(2) })
        const events = yield* SystemEventRepository
        expect((yield* events.byType("tick_completed", all)).map((e) => e.details.tick)).toEqual([1, 2])
        const [startup] = yield* events.byType("startup", all)
        expect(startup?.details).toMatchObject({ mode: "paper", venue: "kraken", equity: "12345" })
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
      }).pipe(Effect.provide(krakenPaperVenueLayer(config).pipe(Layer.provide(AppConfig.layerFrom(config)))))
      // Nothing reached the venue the prices came from
      expect(server.venue.state.orderEvents.length).toBe(0)
      expect(server.venue.state.openOrders).toEqual([])
    })
  )
})
