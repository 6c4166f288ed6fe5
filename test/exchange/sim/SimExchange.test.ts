import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Option, Stream } from "effect"
import { Decimal } from "../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../src/domain/Order.ts"
import { Exchange, type ExchangeEvent } from "../../../src/exchange/Exchange.ts"
import { FaultInjector } from "../../../src/exchange/sim/faults/Faults.ts"
import { SimControl } from "../../../src/exchange/sim/inprocess/SimControl.ts"
import { SimExchange } from "../../../src/exchange/sim/inprocess/SimExchange.ts"
import { submitOrder } from "../../../src/exchange/sim/SubmitOrder.ts"
import { at, HOUR_MS, makeContractVenue } from "./contract/ContractSides.ts"
import { plain, XBT, xbtOrder } from "./contract/Scenarios.ts"

const order = xbtOrder

const withSim = <A, E, R>(effect: Effect.Effect<A, E, R>, options = {}) =>
  Effect.provide(effect, SimExchange.layer(makeContractVenue(), options))

/** One fixed backtest: orders and time steps; every event the steps returned and the end state, as JSON. */
const backtest = Effect.gen(function* () {
  const exchange = yield* Exchange
  const control = yield* SimControl
  const log: Array<ExchangeEvent> = []
  yield* exchange.placeOrder(order("a"))
  yield* exchange.placeOrder(order("b", { type: "limit", limitPrice: new Decimal("49950") }))
  yield* exchange.placeOrder(order("c", { side: "sell", type: "stop", triggerPrice: new Decimal("49000") }))
  for (let minute = 5; minute <= 120; minute += 5) log.push(...(yield* control.advanceTo(at(minute))))
  const ids = ["a", "b", "c"].map((id) => ClientOrderId.make(id))
  return JSON.stringify(
    plain({
      log,
      orders: yield* Effect.forEach(ids, exchange.orderByClientId),
      positions: yield* exchange.positions,
      account: yield* exchange.account
    })
  )
})

describe("SimExchange (in process)", () => {
  it.scoped("advanceTo returns the events it published, in the order subscribers receive them", () =>
    withSim(
      Effect.gen(function* () {
        const exchange = yield* Exchange
        const control = yield* SimControl
        const stream = yield* exchange.events
        yield* exchange.placeOrder(order("rest", { type: "limit", limitPrice: new Decimal("49950") }))
        const placed = yield* Stream.runCollect(Stream.take(stream, 2))
        expect([...placed].map((e) => e._tag)).toEqual(["OrderUpdated", "AccountChanged"])
        const events = yield* control.advanceTo(at(15))
        expect(events.map((e) => e._tag)).toEqual(["OrderUpdated", "FillReceived", "PositionChanged", "AccountChanged"])
        const seen = yield* Stream.runCollect(Stream.take(stream, events.length))
        expect([...seen]).toEqual(events)
        expect(yield* control.now).toBe(at(15))
      })
    )
  )

  it.scoped("the same orders and time steps give the same events, byte for byte", () =>
    Effect.gen(function* () {
      const first = yield* withSim(backtest)
      const second = yield* withSim(backtest)
      expect(first).toContain("FillReceived")
      expect(second).toBe(first)
    })
  )

  it.scoped("the dead man's switch cancels every order once market time passes its deadline", () =>
    withSim(
      Effect.gen(function* () {
        const exchange = yield* Exchange
        const control = yield* SimControl
        yield* exchange.placeOrder(order("dms", { type: "limit", limitPrice: new Decimal("40000") }))
        yield* exchange.refreshDeadMansSwitch(60)
        yield* control.advanceTo(at(0) + 59_000)
        expect((yield* exchange.openOrders).length).toBe(1)
        yield* control.advanceTo(at(1) + 1)
        expect(yield* exchange.openOrders).toEqual([])
        const cancelled = yield* exchange.orderByClientId(ClientOrderId.make("dms"))
        expect(Option.map(cancelled, (o) => o.status)).toEqual(Option.some("canceled"))
      })
    )
  )

  it.scoped("a ticker is answered once watched, with the venue's funding rate", () =>
    withSim(
      Effect.gen(function* () {
        const exchange = yield* Exchange
        expect(Exit.isFailure(yield* Effect.exit(exchange.ticker(XBT)))).toBe(true)
        yield* exchange.watchTickers([XBT])
        const ticker = yield* exchange.ticker(XBT)
        expect([ticker.bid, ticker.last, ticker.ask].map(String)).toEqual(["49999", "50000", "50001"])
        expect(Option.map(ticker.fundingRate, String)).toEqual(Option.some("0.0000125"))
      })
    )
  )

  it.scoped("a finished order is answered by client id for a day of market time, then forgotten", () =>
    withSim(
      Effect.gen(function* () {
        const exchange = yield* Exchange
        const control = yield* SimControl
        yield* exchange.placeOrder(order("early"))
        yield* control.advanceTo(at(0) + 23 * HOUR_MS)
        yield* exchange.placeOrder(order("later", { side: "sell" }))
        expect(Option.isSome(yield* exchange.orderByClientId(ClientOrderId.make("early")))).toBe(true)
        yield* control.advanceTo(at(0) + 25 * HOUR_MS)
        yield* exchange.placeOrder(order("last"))
        expect(yield* exchange.orderByClientId(ClientOrderId.make("early"))).toEqual(Option.none())
      })
    )
  )

  it.scoped("steps taken on the venue by others are absorbed at the next call", () =>
    Effect.gen(function* () {
      const venue = makeContractVenue()
      const { exchange } = yield* SimExchange.make(venue)
      venue.apply((state, time) =>
        submitOrder(state, { symbol: XBT, side: "buy", type: "market", size: new Decimal("0.01") }, time)
      )
      const positions = yield* exchange.positions
      expect(positions.map((p) => [p.side, String(p.size)])).toEqual([["long", "0.01"]])
    })
  )

  it.scoped("the order-rejection fault refuses as the server does (insufficient margin)", () =>
    withSim(
      Effect.gen(function* () {
        const exchange = yield* Exchange
        const error = yield* Effect.flip(exchange.placeOrder(order("refused")))
        expect(error._tag).toBe("InsufficientFunds")
        expect(error.message).toContain("EOrder:Insufficient margin")
      }),
      { faults: new FaultInjector({ seed: 3, orderReject: { rate: 1 } }) }
    )
  )
})
