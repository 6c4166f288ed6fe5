import { describe, expect, it } from "@effect/vitest"
import { SimDriver } from "./SimDriver.ts"

const long = (size = "0.1"): SimDriver => {
  const sim = new SimDriver()
  sim.price(50_000)
  sim.submit({ side: "buy", type: "market", size })
  return sim
}

describe("reduce-only", () => {
  it("is rejected without a position and on the side that would increase it", () => {
    const flat = new SimDriver()
    flat.price(50_000)
    flat.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    expect(flat.of("order_rejected")[0]?.reason).toBe("wouldNotReducePosition")
    const sim = long()
    sim.submit({ side: "buy", type: "market", size: "0.1", reduceOnly: true })
    expect(sim.of("order_rejected")[0]?.reason).toBe("wouldNotReducePosition")
  })

  it("is clipped to the position on acceptance and never flips it", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "market", size: "0.3", reduceOnly: true })
    const accepted = sim.of("order_accepted")[0]
    expect(accepted?.reducedSize?.toString()).toBe("0.1")
    expect(accepted?.order.size.toString()).toBe("0.1")
    expect(sim.of("order_filled")[0]?.fill.size.toString()).toBe("0.1")
    expect(sim.position()).toBeUndefined()
  })

  it("a resting reduce-only order whose position closed is cancelled when it would execute, without a fill", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "limit", size: "0.1", limitPrice: "52000", reduceOnly: true })
    sim.submit({ side: "sell", type: "market", size: "0.1" })
    expect(sim.state.openOrders).toHaveLength(1)
    sim.price(52_000)
    expect(sim.types()).toEqual(["order_cancelled"])
    expect(sim.of("order_cancelled")[0]?.reason).toBe("wouldNotReducePosition")
    expect(sim.position()).toBeUndefined()
  })

  it("a resting reduce-only order larger than a shrunk position fills the position and cancels the rest", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    sim.submit({ side: "sell", type: "market", size: "0.06" })
    sim.price(48_000)
    expect(sim.types()).toEqual(["order_triggered", "order_filled", "position_changed", "ledger", "order_cancelled"])
    expect(sim.of("order_filled")[0]?.fill.size.toString()).toBe("0.04")
    expect(sim.of("order_cancelled")[0]?.order).toMatchObject({ status: "canceled" })
    expect(sim.of("order_cancelled")[0]?.order.filled.toString()).toBe("0.04")
    expect(sim.position()).toBeUndefined()
  })
})
