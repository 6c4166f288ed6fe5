import { describe, expect, it } from "@effect/vitest"
import { sequenceId } from "../../../src/exchange/sim/EngineState.ts"
import { SimDriver } from "./SimDriver.ts"

const started = (last = 50_000): SimDriver => {
  const sim = new SimDriver()
  sim.price(last)
  return sim
}

describe("market and limit orders", () => {
  it("a market buy takes at the last price, pays the taker fee on notional and opens a position", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "entry-1-1" })
    expect(sim.types()).toEqual(["order_accepted", "order_filled", "position_changed", "ledger"])
    const [filled] = sim.of("order_filled")
    expect(filled?.fill).toMatchObject({ orderId: sequenceId(1, 1), clientOrderId: "entry-1-1", fillType: "taker" })
    expect(filled?.fill.price.toString()).toBe("50000")
    expect(filled?.fill.size.toString()).toBe("0.1")
    expect(filled?.fill.fee.toString()).toBe("2.5")
    expect(filled?.order.status).toBe("filled")
    expect(sim.usd()).toBe("9997.5")
    expect(sim.position()).toEqual({ size: "0.1", entry: "50000" })
    expect(sim.state.openOrders).toHaveLength(0)
    expect(sim.state.closedOrders.toArray().map((order) => order.status)).toEqual(["filled"])
    const [ledger] = sim.of("ledger")
    expect(ledger?.entry.kind).toBe("trade")
    expect(ledger?.entry.amount.toString()).toBe("-2.5")
    expect(ledger?.entry.balanceAfter.toString()).toBe("9997.5")
  })

  it("a resting limit is made at its own price when the price reaches it, even through a gap", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000" })
    expect(sim.types()).toEqual(["order_accepted"])
    sim.price(49_500)
    expect(sim.events).toEqual([])
    sim.price(48_000)
    const [filled] = sim.of("order_filled")
    expect(filled?.fill.fillType).toBe("maker")
    expect(filled?.fill.price.toString()).toBe("49000")
    expect(filled?.fill.fee.toString()).toBe("0.98")
    expect(sim.usd()).toBe("9999.02")
    expect(sim.position()).toEqual({ size: "0.1", entry: "49000" })
  })

  it("a limit that crosses on arrival takes at the last price", () => {
    const sim = started()
    sim.submit({ side: "sell", type: "limit", size: "0.2", limitPrice: "49000" })
    const [filled] = sim.of("order_filled")
    expect(filled?.fill.fillType).toBe("taker")
    expect(filled?.fill.price.toString()).toBe("50000")
    expect(filled?.fill.fee.toString()).toBe("5")
    expect(sim.position()).toEqual({ size: "-0.2", entry: "50000" })
  })

  it("post-only: rejected when it would take, rests otherwise", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "50000", postOnly: true })
    expect(sim.of("order_rejected")[0]?.reason).toBe("postWouldExecute")
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49999.5", postOnly: true })
    expect(sim.of("order_accepted")[0]?.order).toMatchObject({ postOnly: true, status: "new" })
  })

  it("IOC: rejected when it cannot execute now, filled at the last price when it can", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000", timeInForce: "ioc" })
    expect(sim.of("order_rejected")[0]?.reason).toBe("iocWouldNotExecute")
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "50500", timeInForce: "ioc" })
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("50000")
    expect(sim.state.openOrders).toHaveLength(0)
  })

  it("validates symbol, shape, size grid, price grid and unique client ids; rejections use no order id", () => {
    const fresh = new SimDriver()
    fresh.submit({ side: "buy", type: "market", size: "0.1" })
    expect(fresh.of("order_rejected")[0]?.reason).toBe("marketUnavailable")
    const sim = started()
    sim.price(3000, { symbol: "PF_ETHUSD" })
    const reasons = [
      sim.submit({ symbol: "PF_NOPEUSD", side: "buy", type: "market", size: "1" }),
      sim.submit({ side: "buy", type: "limit", size: "0.1" }),
      sim.submit({ side: "buy", type: "market", size: "0.1", limitPrice: "50000" }),
      sim.submit({ side: "buy", type: "stop", size: "0.1" }),
      sim.submit({ side: "sell", type: "trailing_stop", size: "0.1", trailing: { unit: "quote", value: 0 } }),
      sim.submit({ side: "buy", type: "market", size: "0.00005" }),
      sim.submit({ side: "buy", type: "market", size: "0.12345" }),
      sim.submit({ symbol: "PF_ETHUSD", side: "buy", type: "market", size: "0.005" }),
      sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000.25" }),
      sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "-1" })
    ].map((events) => (events[0]?.type === "order_rejected" ? events[0].reason : events[0]?.type))
    expect(reasons).toEqual([
      "marketUnavailable",
      "invalidArgument",
      "invalidArgument",
      "invalidArgument",
      "invalidArgument",
      "invalidSize",
      "invalidSize",
      "invalidSize",
      "invalidPrice",
      "invalidPrice"
    ])
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000", clientOrderId: "a" })
    expect(sim.lastOrderId()).toBe(sequenceId(1, 1))
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "48000", clientOrderId: "a" })
    expect(sim.of("order_rejected")[0]?.reason).toBe("clientOrderIdAlreadyExist")
  })

  it("a client id is reusable once its order is no longer open", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "market", size: "0.1", clientOrderId: "x" })
    sim.submit({ side: "sell", type: "market", size: "0.1", clientOrderId: "x" })
    expect(sim.types()[0]).toBe("order_accepted")
    expect(sim.position()).toBeUndefined()
    expect(sim.usd()).toBe("9995")
  })

  it("an order through zero flips the position and reports the previous size", () => {
    const sim = started()
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "market", size: "0.3" })
    const [changed] = sim.of("position_changed")
    expect(changed?.previousSize.toString()).toBe("0.1")
    expect(sim.position()).toEqual({ size: "-0.2", entry: "50000" })
  })

  it("a price for a symbol without an instrument changes nothing but the clock", () => {
    const sim = started()
    const before = JSON.stringify({ ...sim.state, time: 0 })
    sim.price(1, { symbol: "PF_NOPEUSD", time: sim.state.time + 5 })
    expect(sim.events).toEqual([])
    expect(JSON.stringify({ ...sim.state, time: 0 })).toBe(before)
  })
})
