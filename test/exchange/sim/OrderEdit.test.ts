import { describe, expect, it } from "@effect/vitest"
import { cancelAllOrdersAfter, findOrder } from "../../../src/exchange/sim/OrderEdit.ts"
import { d, newEngine, SimDriver } from "./SimDriver.ts"

const withLimit = (): SimDriver => {
  const sim = new SimDriver()
  sim.price(50_000)
  sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000", clientOrderId: "bid-1" })
  return sim
}

describe("amend", () => {
  it("changes the limit price and size in place, keeping the ids", () => {
    const sim = withLimit()
    const orderId = sim.lastOrderId()
    sim.amend({ orderId }, { limitPrice: d("49500"), size: d("0.2") })
    const [amended] = sim.of("order_amended")
    expect(amended?.previous.limitPrice?.toString()).toBe("49000")
    expect(amended?.order.limitPrice?.toString()).toBe("49500")
    expect(amended?.order.size.toString()).toBe("0.2")
    expect(sim.state.openOrders).toHaveLength(1)
    expect(sim.state.openOrders[0]).toMatchObject({ orderId, clientOrderId: "bid-1" })
  })

  it("a limit amended through the price takes at the last price", () => {
    const sim = withLimit()
    sim.amend({ clientOrderId: "bid-1" }, { limitPrice: d("50500") })
    expect(sim.types()).toEqual(["order_amended", "order_filled", "position_changed", "ledger"])
    expect(sim.of("order_filled")[0]?.fill).toMatchObject({ fillType: "taker", clientOrderId: "bid-1" })
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("50000")
  })

  it("a stop amended past the price fires", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "48000", reduceOnly: true })
    sim.amend({ orderId: sim.lastOrderId() }, { triggerPrice: d("49000") })
    expect(sim.types()).toEqual(["order_amended"])
    sim.amend({ orderId: sim.lastOrderId() }, { triggerPrice: d("50000") })
    expect(sim.types()).toEqual(["order_amended", "order_triggered", "order_filled", "position_changed", "ledger"])
  })

  it("a size at or below the filled size ends the order", () => {
    const sim = new SimDriver(newEngine({ liquidity: { maxFillSize: d("0.04") } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000" })
    sim.price(48_000)
    sim.amend({ orderId: sim.lastOrderId() }, { size: d("0.04") })
    expect(sim.types()).toEqual(["order_amended", "order_cancelled"])
    expect(sim.of("order_cancelled")[0]?.reason).toBe("amendedBelowFilled")
    expect(sim.state.openOrders).toHaveLength(0)
  })

  it("a trailing stop's offset can be amended and applies from the best price seen", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "trailing_stop", size: "0.1", trailing: { unit: "quote", value: 1000 } })
    sim.price(52_000)
    sim.price(51_600)
    sim.amend({ orderId: sim.lastOrderId() }, { trailingOffset: { unit: "percent", value: d("1") } })
    expect(sim.of("order_amended")[0]?.order.triggerPrice?.toString()).toBe("51480")
    sim.amend({ orderId: sim.lastOrderId() }, { trailingOffset: { unit: "quote", value: d("0") } })
    expect(sim.of("amend_rejected")[0]?.reason).toBe("invalidArgument")
    sim.price(51_480)
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("51480")
  })

  it("rejects unknown orders, bad grids, post-only crossings, trailing trigger edits and unfunded size", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "limit", size: "0.5", limitPrice: "49000", postOnly: true })
    const limitId = sim.lastOrderId()
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "trailing_stop", size: "0.1", trailing: { unit: "quote", value: 500 } })
    const trailingId = sim.lastOrderId()
    const reasons = [
      sim.amend({ orderId: "nope" }, { size: d("1") }),
      sim.amend({ clientOrderId: "nope" }, { size: d("1") }),
      sim.amend({ orderId: limitId }, { limitPrice: d("49000.1") }),
      sim.amend({ orderId: limitId }, { size: d("0.00001") }),
      sim.amend({ orderId: limitId }, { limitPrice: d("50000") }),
      sim.amend({ orderId: limitId }, { triggerPrice: d("50000") }),
      sim.amend({ orderId: trailingId }, { triggerPrice: d("49000") }),
      sim.amend({ orderId: limitId }, { size: d("0.9") })
    ].map((events) => (events[0]?.type === "amend_rejected" ? events[0].reason : events[0]?.type))
    expect(reasons).toEqual([
      "orderForEditNotFound",
      "orderForEditNotFound",
      "invalidPrice",
      "invalidSize",
      "postWouldExecute",
      "invalidArgument",
      "cannotEditTriggerPriceOfTrailingStop",
      "insufficientAvailableFunds"
    ])
    expect(sim.of("amend_rejected")[0]).toMatchObject({ orderId: limitId, clientOrderId: null })
    // Worst case 0.1 held + 0.89 bid = 0.99 × 50000 / 50 = 990 ≤ 997.5 equity; 0.9 needed 1000
    sim.amend({ orderId: limitId }, { size: d("0.89") })
    expect(sim.types()).toEqual(["order_amended"])
  })
})

describe("cancel", () => {
  it("the dead man's switch cancels every order once its time passes, unless re-armed or disarmed", () => {
    const sim = withLimit()
    sim.apply(cancelAllOrdersAfter(sim.state, 60_000, sim.state.time))
    const armedAt = sim.state.time
    sim.apply(cancelAllOrdersAfter(sim.state, 60_000, armedAt + 30_000))
    sim.price(50_000, { time: armedAt + 60_000 })
    expect(sim.events).toEqual([])
    sim.price(50_000, { time: armedAt + 90_000 })
    expect(sim.of("order_cancelled")[0]?.reason).toBe("deadManSwitch")
    expect(sim.state.cancelAllAt).toBeNull()
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000" })
    sim.apply(cancelAllOrdersAfter(sim.state, 60_000, sim.state.time))
    sim.apply(cancelAllOrdersAfter(sim.state, 0, sim.state.time + 1))
    sim.price(50_000, { time: sim.state.time + 120_000 })
    expect(sim.state.openOrders).toHaveLength(1)
  })

  it("cancels by order id or client id and refuses unknown ids", () => {
    const sim = withLimit()
    sim.cancel({ clientOrderId: "bid-1" })
    expect(sim.of("order_cancelled")[0]).toMatchObject({ reason: "user", order: { status: "canceled" } })
    expect(sim.state.openOrders).toHaveLength(0)
    sim.cancel({ clientOrderId: "bid-1" })
    expect(sim.of("cancel_rejected")[0]).toMatchObject({ clientOrderId: "bid-1", orderId: null, reason: "notFound" })
  })

  it("cancel-all takes resting and untriggered orders, optionally for one symbol", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.price(3000, { symbol: "PF_ETHUSD" })
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000" })
    sim.submit({ side: "buy", type: "stop", size: "0.1", triggerPrice: "52000" })
    sim.submit({ symbol: "PF_ETHUSD", side: "buy", type: "limit", size: "1", limitPrice: "2900" })
    sim.cancelAll("PF_XBTUSD")
    expect(sim.of("order_cancelled").map((event) => [event.order.type, event.reason])).toEqual([
      ["limit", "cancelAll"],
      ["stop", "cancelAll"]
    ])
    expect(sim.state.openOrders.map((order) => order.symbol)).toEqual(["PF_ETHUSD"])
    sim.cancelAll()
    expect(sim.state.openOrders).toHaveLength(0)
    expect(sim.state.closedOrders.toArray()).toHaveLength(3)
  })
})

describe("findOrder", () => {
  it("finds the latest version of open and closed orders by id or client id", () => {
    const sim = withLimit()
    const orderId = sim.lastOrderId()
    expect(findOrder(sim.state, { clientOrderId: "bid-1" })?.status).toBe("new")
    sim.cancel({ orderId })
    expect(findOrder(sim.state, { orderId })?.status).toBe("canceled")
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "bid-1" })
    expect(findOrder(sim.state, { clientOrderId: "bid-1" })).toMatchObject({ type: "market", status: "filled" })
    expect(findOrder(sim.state, { orderId: "missing" })).toBeUndefined()
  })
})
