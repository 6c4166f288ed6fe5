import { describe, expect, it } from "@effect/vitest"
import { marginSummary, positionRisk } from "../../../src/exchange/sim/Margin.ts"
import { newEngine, SimDriver } from "./SimDriver.ts"

const text = (summary: ReturnType<typeof marginSummary>) => ({
  balanceValue: summary.balanceValue.toString(),
  unrealizedPnl: summary.unrealizedPnl.toString(),
  portfolioValue: summary.portfolioValue.toString(),
  initialMargin: summary.initialMargin.toString(),
  initialMarginWithOrders: summary.initialMarginWithOrders.toString(),
  maintenanceMargin: summary.maintenanceMargin.toString(),
  availableMargin: summary.availableMargin.toString()
})

describe("margin account", () => {
  it("reports portfolio value, initial and maintenance margin at the mark, and available margin with orders", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.price(51_000)
    expect(text(marginSummary(sim.state))).toEqual({
      balanceValue: "9997.5",
      unrealizedPnl: "100",
      portfolioValue: "10097.5",
      initialMargin: "102",
      initialMarginWithOrders: "102",
      maintenanceMargin: "51",
      availableMargin: "9995.5"
    })
    // Worst case per symbol: all buys fill (0.3) or all sells fill (|0.1 − 0.05|); reduce-only orders never count
    sim.submit({ side: "buy", type: "limit", size: "0.2", limitPrice: "49000" })
    sim.submit({ side: "sell", type: "limit", size: "0.05", limitPrice: "60000" })
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "45000", reduceOnly: true })
    const summary = marginSummary(sim.state)
    expect(summary.initialMarginWithOrders.toString()).toBe("306")
    expect(summary.availableMargin.toString()).toBe("9791.5")
  })

  it("values non-USD collateral at its instrument's index without haircut", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000, XBT: "0.1" } }))
    expect(marginSummary(sim.state).balanceValue.toString()).toBe("1000")
    sim.price(50_000, { index: 49_900 })
    const summary = marginSummary(sim.state)
    expect(summary.currencies.XBT?.value.toString()).toBe("4990")
    expect(summary.balanceValue.toString()).toBe("5990")
    expect(summary.collateralValue.toString()).toBe("5990")
  })

  it("rejects an order whose margin would exceed the available margin, and accepts one that fits", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "limit", size: "1.0001", limitPrice: "40000" })
    expect(sim.of("order_rejected")[0]?.reason).toBe("insufficientAvailableFunds")
    sim.submit({ side: "buy", type: "limit", size: "1", limitPrice: "40000" })
    expect(sim.types()).toEqual(["order_accepted"])
    sim.submit({ side: "buy", type: "stop", size: "0.0001", triggerPrice: "60000" })
    expect(sim.of("order_rejected")[0]?.reason).toBe("insufficientAvailableFunds")
    // An order on the other side does not raise the worst case, so it needs no margin
    sim.submit({ side: "sell", type: "limit", size: "0.5", limitPrice: "60000" })
    expect(sim.types()).toEqual(["order_accepted"])
  })

  it("liquidates under maintenance: cancels orders and closes at the mark with a liquidation fill", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "1" })
    sim.submit({ side: "sell", type: "take_profit", size: "1", triggerPrice: "55000", reduceOnly: true })
    // 975 + 1 × (49025 / 0.99 − 50000) = 0.01 × 49025 / 0.99
    expect(positionRisk(sim.state, "PF_XBTUSD")?.liquidationPrice?.toString()).toBe("49520.20202020202020202020202")
    sim.price(49_600)
    expect(sim.events).toEqual([])
    sim.price(49_510, { mark: 49_500 })
    expect(sim.types()).toEqual(["liquidation", "order_cancelled", "order_filled", "position_changed", "ledger"])
    const [liquidation] = sim.of("liquidation")
    expect(liquidation?.portfolioValue.toString()).toBe("475")
    expect(liquidation?.maintenanceMargin.toString()).toBe("495")
    expect(sim.of("order_cancelled")[0]?.reason).toBe("liquidation")
    const fill = sim.of("order_filled")[0]?.fill
    expect(fill).toMatchObject({ fillType: "liquidation", side: "sell", clientOrderId: null })
    expect(fill?.price.toString()).toBe("49500")
    expect(fill?.fee.toString()).toBe("24.75")
    expect(sim.of("ledger")[0]?.entry.kind).toBe("liquidation")
    // 1000 − 25 − 500 − 24.75
    expect(sim.usd()).toBe("450.25")
    expect(sim.position()).toBeUndefined()
    expect(sim.state.openOrders).toHaveLength(0)
  })

  it("funding that pushes the account under maintenance liquidates it", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000, { fundingRate: "0.01" })
    sim.submit({ side: "buy", type: "market", size: "1" })
    sim.price(49_600)
    expect(sim.events).toEqual([])
    // Funding at 49600: −496 → portfolio 975 − 400 − 496 = 79 < maintenance 496
    sim.advance(sim.state.time + 3_600_000)
    expect(sim.types()).toEqual(["ledger", "liquidation", "order_filled", "position_changed", "ledger"])
    expect(sim.of("ledger")[0]?.entry.amount.toString()).toBe("-496")
  })

  it("reports per-position risk: margins, leverage and the liquidation price of a short", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "sell", type: "market", size: "0.1" })
    const risk = positionRisk(sim.state, "PF_XBTUSD")
    expect(risk?.size.toString()).toBe("-0.1")
    expect(risk?.initialMargin.toString()).toBe("100")
    expect(risk?.maintenanceMargin.toString()).toBe("50")
    expect(risk?.effectiveLeverage.toString()).toBe("0.5001250312578144536134033508")
    // Short: the price at which 9997.5 − 0.1 × (p − 50000) = 0.1 × p × 0.01, i.e. 14997.5 / 0.101
    expect(risk?.liquidationPrice?.toString()).toBe("148490.099009900990099009901")
    expect(positionRisk(sim.state, "PF_ETHUSD")).toBeNull()
  })

  it("liquidation closes every symbol's position, in symbol order, each at its own mark", () => {
    const sim = new SimDriver(newEngine({ balances: { USD: 1000 } }))
    sim.price(50_000)
    sim.price(3000, { symbol: "PF_ETHUSD" })
    sim.submit({ side: "buy", type: "market", size: "0.5" })
    sim.submit({ symbol: "PF_ETHUSD", side: "sell", type: "market", size: "1" })
    // Equity 1000 − 12.5 − 1.5 = 986; XBT −960 → 26 < maintenance 0.5 × 48080 × 0.01 + 1 × 3000 × 0.05 = 390.4
    sim.price(48_080)
    expect(sim.of("liquidation")[0]?.portfolioValue.toString()).toBe("26")
    expect(sim.of("liquidation")[0]?.maintenanceMargin.toString()).toBe("390.4")
    expect(
      sim.of("order_filled").map((event) => [event.fill.symbol, event.fill.side, event.fill.price.toString()])
    ).toEqual([
      ["PF_ETHUSD", "buy", "3000"],
      ["PF_XBTUSD", "sell", "48080"]
    ])
    expect(sim.state.positions).toEqual({})
  })
})
