import { describe, expect, it } from "@effect/vitest"
import { setLiquidity } from "../../../src/exchange/sim/EngineState.ts"
import { averagePrice } from "../../../src/exchange/sim/SimOrder.ts"
import { d, newEngine, SimDriver } from "./SimDriver.ts"

const fillSizes = (sim: SimDriver): Array<string> => sim.of("order_filled").map((event) => event.fill.size.toString())

describe("partial fills", () => {
  it("a market order over the per-event size limit fills the limit and cancels the rest (IOC)", () => {
    const sim = new SimDriver(newEngine({ liquidity: { maxFillSize: d("0.03") } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    expect(sim.types()).toEqual(["order_accepted", "order_filled", "position_changed", "ledger", "order_cancelled"])
    expect(sim.of("order_filled")[0]?.order.status).toBe("partially_filled")
    expect(sim.of("order_filled")[0]?.fill.remainingOrderSize.toString()).toBe("0.07")
    expect(sim.of("order_cancelled")[0]?.reason).toBe("ioc")
    expect(sim.of("order_cancelled")[0]?.order.filled.toString()).toBe("0.03")
    expect(sim.position()).toEqual({ size: "0.03", entry: "50000" })
  })

  it("a resting limit fills a ratio of its size per price event until done, all as maker at its price", () => {
    const sim = new SimDriver(newEngine({ liquidity: { fillRatio: d("0.3") } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "limit", size: "0.1", limitPrice: "49000" })
    const sizes: Array<Array<string>> = []
    for (const last of [48_900, 48_800, 49_000, 48_000]) {
      sim.price(last)
      sizes.push(fillSizes(sim))
    }
    expect(sizes).toEqual([["0.03"], ["0.03"], ["0.03"], ["0.01"]])
    expect(sim.state.fills.toArray().map((fill) => fill.price.toString())).toEqual(["49000", "49000", "49000", "49000"])
    expect(sim.state.fills.toArray().map((fill) => fill.fillType)).toEqual(["maker", "maker", "maker", "maker"])
    expect(sim.state.closedOrders.toArray()[0]?.cumCost.toString()).toBe("4900")
    expect(sim.state.openOrders).toHaveLength(0)
  })

  it("a triggered stop keeps executing at each later price until its size is done", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    sim.state = setLiquidity(sim.state, { maxFillSize: d("0.04"), fillRatio: null })
    sim.price(48_000)
    sim.price(47_500)
    sim.price(47_000)
    expect(
      sim.state.fills
        .toArray()
        .slice(1)
        .map((fill) => [fill.size.toString(), fill.price.toString()])
    ).toEqual([
      ["0.04", "48000"],
      ["0.04", "47500"],
      ["0.02", "47000"]
    ])
    expect(sim.position()).toBeUndefined()
    const stop = sim.state.closedOrders.at(-1)
    expect(stop?.status).toBe("filled")
    // (0.04 × 48000 + 0.04 × 47500 + 0.02 × 47000) / 0.1
    expect(stop && averagePrice(stop)?.toString()).toBe("47600")
  })

  it("an allowance smaller than one contract step still fills one step", () => {
    const sim = new SimDriver(newEngine({ liquidity: { fillRatio: d("0.0001") } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "limit", size: "0.01", limitPrice: "50500" })
    expect(fillSizes(sim)).toEqual(["0.0001"])
    expect(sim.state.openOrders[0]?.status).toBe("partially_filled")
  })
})
