import { describe, expect, it } from "@effect/vitest"
import { History } from "../../../src/exchange/sim/History.ts"
import { advancePrice } from "../../../src/exchange/sim/PriceFeed.ts"
import { isOrderEvent } from "../../../src/exchange/sim/SimEvent.ts"
import { submitOrder } from "../../../src/exchange/sim/SubmitOrder.ts"
import { d, newEngine, request, SimDriver, T0 } from "./SimDriver.ts"

describe("History", () => {
  it("appends without changing older versions, and branches from an older version without crosstalk", () => {
    const base = History.of([1, 2])
    const newer = base.append([3])
    const newest = newer.append([4, 5])
    const branch = newer.append([9])
    expect(base.toArray()).toEqual([1, 2])
    expect(newer.toArray()).toEqual([1, 2, 3])
    expect(newest.toArray()).toEqual([1, 2, 3, 4, 5])
    expect(branch.toArray()).toEqual([1, 2, 3, 9])
    expect(newest.append([6]).toArray()).toEqual([1, 2, 3, 4, 5, 6])
    expect(branch.append([10]).toArray()).toEqual([1, 2, 3, 9, 10])
    expect(JSON.stringify({ h: newer })).toBe('{"h":[1,2,3]}')
    expect(newer.append([])).toBe(newer)
  })

  it("reads by index from either end, the latest items, and the newest match", () => {
    const history = History.of(["a", "b", "c", "d"]).append(["e"])
    expect([history.at(0), history.at(-1), history.at(5), history.at(-6)]).toEqual(["a", "e", undefined, undefined])
    expect(history.latest(2)).toEqual(["d", "e"])
    expect(history.latest(10)).toEqual(["a", "b", "c", "d", "e"])
    expect(history.findLast((item) => item < "d")).toBe("c")
    expect(History.empty<string>().length).toBe(0)
  })

  it("engine states branched from one state keep separate histories", () => {
    const priced = advancePrice(newEngine(), { symbol: "PF_XBTUSD", time: T0 + 1, last: d(50_000) }).state
    const bought = submitOrder(priced, request({ side: "buy", type: "market", size: "0.1" }), T0 + 2).state
    const sold = submitOrder(priced, request({ side: "sell", type: "market", size: "0.3" }), T0 + 2).state
    const boughtAgain = submitOrder(bought, request({ side: "buy", type: "market", size: "0.2" }), T0 + 3).state
    expect(priced.fills.length).toBe(0)
    expect(bought.fills.toArray().map((fill) => fill.size.toString())).toEqual(["0.1"])
    expect(sold.fills.toArray().map((fill) => fill.size.toString())).toEqual(["0.3"])
    expect(boughtAgain.fills.toArray().map((fill) => fill.size.toString())).toEqual(["0.1", "0.2"])
  })
})

describe("order event history", () => {
  it("keeps every order event of every step, and no price, position or ledger events", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "1", postOnly: true })
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    sim.amend({ orderId: sim.lastOrderId() }, { triggerPrice: d("48000") })
    sim.cancel({ orderId: "unknown" })
    sim.price(47_000)
    const orderEvents = sim.log.filter(isOrderEvent)
    expect(sim.state.orderEvents.toArray().map((event) => event.type)).toEqual([
      "order_accepted",
      "order_filled",
      "order_accepted",
      "order_accepted",
      "order_amended",
      "cancel_rejected",
      "order_triggered",
      "order_filled"
    ])
    expect(JSON.stringify(sim.state.orderEvents)).toBe(JSON.stringify(orderEvents))
  })
})
