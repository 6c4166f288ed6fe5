import { describe, expect, it } from "@effect/vitest"
import { setLeverage } from "../../../src/exchange/sim/Leverage.ts"
import { marginSummary } from "../../../src/exchange/sim/Margin.ts"
import { d, newEngine, SimDriver } from "./SimDriver.ts"

describe("leverage preference", () => {
  it("sets the initial margin rate of one symbol and returns to the maximum when removed", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    expect(marginSummary(sim.state).initialMargin.toString()).toBe("100")
    sim.apply(setLeverage(sim.state, "PF_XBTUSD", d(5), sim.state.time + 1))
    expect(sim.of("leverage_changed")[0]?.leverage?.toString()).toBe("5")
    expect(marginSummary(sim.state).initialMargin.toString()).toBe("1000")
    // Maintenance does not depend on the preference
    expect(marginSummary(sim.state).maintenanceMargin.toString()).toBe("50")
    sim.apply(setLeverage(sim.state, "PF_XBTUSD", null, sim.state.time + 1))
    expect(sim.state.leverage).toEqual({})
    expect(marginSummary(sim.state).initialMargin.toString()).toBe("100")
  })

  it("refuses unknown symbols, leverage above the maximum or not positive, and a change that leaves margin negative", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.5" })
    const reasons = [
      setLeverage(sim.state, "PF_NOPEUSD", d(5), sim.state.time),
      setLeverage(sim.state, "PF_XBTUSD", d(51), sim.state.time),
      setLeverage(sim.state, "PF_XBTUSD", d(0), sim.state.time),
      // 0.5 × 50000 / 20 = 1250 > 987.5 equity
      setLeverage(sim.state, "PF_XBTUSD", d(20), sim.state.time)
    ].map(({ events }) => (events[0]?.type === "leverage_rejected" ? events[0].reason : events[0]?.type))
    expect(reasons).toEqual(["marketUnavailable", "invalidArgument", "invalidArgument", "wouldCauseLiquidation"])
    // 0.5 × 50000 / 26 = 961.53… ≤ 987.5
    expect(setLeverage(sim.state, "PF_XBTUSD", d(26), sim.state.time).events[0]?.type).toBe("leverage_changed")
  })

  it("a lower leverage makes an order need more margin", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.apply(setLeverage(sim.state, "PF_XBTUSD", d(10), sim.state.time + 1))
    sim.submit({ side: "buy", type: "limit", size: "0.2001", limitPrice: "45000" })
    expect(sim.of("order_rejected")[0]?.reason).toBe("insufficientAvailableFunds")
    sim.submit({ side: "buy", type: "limit", size: "0.2", limitPrice: "45000" })
    expect(sim.types()).toEqual(["order_accepted"])
  })
})
