import { randomUUID } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schedule } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import { Exchange, type OrderRequest } from "../../src/exchange/Exchange.ts"
import { embeddedVenueLayer } from "../../src/runtime/EmbeddedVenue.ts"
import { safeHold } from "../../src/runtime/SafeHold.ts"
import { awaitVenueSync } from "../../src/runtime/Startup.ts"

const config = testConfigSync({ config: { exchange: { sim: { symbols: ["BTC/USD"] } } } })
const XBT = FuturesSymbol.make("PF_XBTUSD")

const order = (fields: Omit<OrderRequest, "clientOrderId" | "symbol" | "postOnly">): OrderRequest => ({
  clientOrderId: ClientOrderId.make(randomUUID()),
  symbol: XBT,
  postOnly: false,
  ...fields
})

/** Polls `query` until `done` holds (at most ~5 s): venue updates arrive asynchronously over the WebSocket. */
const eventually = <A, E, R>(query: Effect.Effect<A, E, R>, done: (a: A) => boolean) =>
  query.pipe(
    Effect.filterOrFail(done, () => "not yet" as const),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("5 seconds")))
  )

describe("SAFE_HOLD on the embedded venue, through the Kraken adapter", () => {
  it.live("cancels entries and take-profits, keeps the protective stop", () =>
    Effect.gen(function* () {
      const exchange = yield* Exchange
      yield* awaitVenueSync
      yield* exchange.watchTickers([XBT])
      const ticker = yield* eventually(exchange.ticker(XBT), () => true)
      const price = ticker.last
      const size = Decimal("0.01")
      yield* exchange.placeOrder(order({ side: "buy", type: "market", quantity: size, reduceOnly: false }))
      yield* eventually(exchange.positions, (ps) => ps.length === 1)
      const stop = order({
        side: "sell",
        type: "stop",
        quantity: size,
        triggerPrice: price.times("0.9").toDecimalPlaces(0),
        reduceOnly: true
      })
      yield* exchange.placeOrder(stop)
      yield* exchange.placeOrder(
        order({
          side: "sell",
          type: "take_profit",
          quantity: size,
          triggerPrice: price.times("1.1").toDecimalPlaces(0),
          reduceOnly: true
        })
      )
      yield* exchange.placeOrder(
        order({
          side: "buy",
          type: "limit",
          quantity: size,
          limitPrice: price.times("0.8").toDecimalPlaces(0),
          reduceOnly: false
        })
      )
      yield* eventually(exchange.openOrders, (os) => os.length === 3)

      const report = yield* safeHold
      expect(report).toEqual({ cancelled: 2, stopsKept: 1 })
      const left = yield* eventually(exchange.openOrders, (os) => os.length === 1)
      expect(left.map((o) => [o.type, o.clientOrderId._tag === "Some" && o.clientOrderId.value])).toEqual([
        ["stop", stop.clientOrderId]
      ])
      expect(yield* exchange.positions).toHaveLength(1)
      // A second pass finds nothing more to cancel
      expect(yield* safeHold).toEqual({ cancelled: 0, stopsKept: 1 })
    }).pipe(Effect.provide(embeddedVenueLayer(config)))
  )
})
