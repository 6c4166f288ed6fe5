import { describe, expect, it } from "@effect/vitest"
import { SimDriver } from "./SimDriver.ts"

/** A long 0.1 XBT from 50000 (taker fee 2.5 paid). */
const long = (): SimDriver => {
  const sim = new SimDriver()
  sim.price(50_000)
  sim.submit({ side: "buy", type: "market", size: "0.1" })
  return sim
}

describe("stop, take-profit and trailing orders", () => {
  it("a gap through a stop fills at the gap price, not at the stop", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    expect(sim.of("order_accepted")[0]?.order).toMatchObject({ triggered: false, status: "new" })
    sim.price(49_500)
    expect(sim.events).toEqual([])
    sim.price(48_000)
    expect(sim.types()).toEqual(["order_triggered", "order_filled", "position_changed", "ledger"])
    expect(sim.of("order_triggered")[0]?.referencePrice.toString()).toBe("48000")
    const fill = sim.of("order_filled")[0]?.fill
    expect(fill?.price.toString()).toBe("48000")
    expect(fill?.fillType).toBe("taker")
    expect(fill?.fee.toString()).toBe("2.4")
    expect(fill?.realizedPnl.toString()).toBe("-200")
    expect(sim.usd()).toBe("9795.1")
    expect(sim.position()).toBeUndefined()
    expect(sim.of("position_changed")[0]?.position.size.toString()).toBe("0")
  })

  it("a stop on the mark ignores the last price, and fills at the last price once the mark triggers it", () => {
    const sim = long()
    sim.submit({
      side: "sell",
      type: "stop",
      size: "0.1",
      triggerPrice: "49000",
      triggerReference: "mark",
      reduceOnly: true
    })
    sim.price(48_500, { mark: 49_100 })
    expect(sim.events).toEqual([])
    sim.price(49_200, { mark: 49_000 })
    expect(sim.of("order_triggered")[0]?.referencePrice.toString()).toBe("49000")
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("49200")
  })

  it("a stop on the index triggers on the index only", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", triggerReference: "index" })
    sim.price(48_000, { index: 49_000.5 })
    expect(sim.events).toEqual([])
    sim.price(49_500, { index: 48_999 })
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("49500")
  })

  it("a take-profit triggers in favour of the position and executes at market", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "take_profit", size: "0.1", triggerPrice: "52000", reduceOnly: true })
    sim.price(51_500)
    expect(sim.events).toEqual([])
    sim.price(52_500)
    const fill = sim.of("order_filled")[0]?.fill
    expect(fill?.price.toString()).toBe("52500")
    expect(fill?.realizedPnl.toString()).toBe("250")
    expect(fill?.fee.toString()).toBe("2.625")
  })

  it("a buy take-profit closes a short when the price falls to it", () => {
    const sim = new SimDriver()
    sim.price(3000, { symbol: "PF_ETHUSD" })
    sim.submit({ symbol: "PF_ETHUSD", side: "sell", type: "market", size: "1" })
    sim.submit({
      symbol: "PF_ETHUSD",
      side: "buy",
      type: "take_profit",
      size: "1",
      triggerPrice: "2800",
      reduceOnly: true
    })
    sim.price(2800.1, { symbol: "PF_ETHUSD" })
    expect(sim.events).toEqual([])
    sim.price(2790, { symbol: "PF_ETHUSD" })
    expect(sim.of("order_filled")[0]?.fill.realizedPnl.toString()).toBe("210")
  })

  it("a stop buy enters on a breakout (not reduce-only)", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "stop", size: "0.2", triggerPrice: "51000" })
    sim.price(51_500)
    expect(sim.position()).toEqual({ size: "0.2", entry: "51500" })
  })

  it("a stop whose trigger is already reached fires on acceptance", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "50500", reduceOnly: true })
    expect(sim.types()).toEqual(["order_accepted", "order_triggered", "order_filled", "position_changed", "ledger"])
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("50000")
  })

  it("a stop-limit becomes a limit at trigger: through a gap it rests and is later made at its limit", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", limitPrice: "48800" })
    sim.price(48_500)
    expect(sim.types()).toEqual(["order_triggered"])
    sim.price(48_700)
    expect(sim.events).toEqual([])
    sim.price(48_900)
    const fill = sim.of("order_filled")[0]?.fill
    expect(fill?.price.toString()).toBe("48800")
    expect(fill?.fillType).toBe("maker")
    expect(fill?.fee.toString()).toBe("0.976")
  })

  it("a trailing stop (quote offset) follows new highs only and fires on the pull-back", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "trailing_stop", size: "0.1", trailing: { unit: "quote", value: 1000 } })
    expect(sim.of("order_accepted")[0]?.order.triggerPrice?.toString()).toBe("49000")
    sim.price(51_000)
    expect(sim.state.openOrders[0]?.triggerPrice?.toString()).toBe("50000")
    sim.price(50_500)
    expect(sim.state.openOrders[0]?.triggerPrice?.toString()).toBe("50000")
    expect(sim.events).toEqual([])
    sim.price(49_800)
    expect(sim.of("order_triggered")[0]?.order.trailingExtreme?.toString()).toBe("51000")
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("49800")
  })

  it("a trailing stop (percent offset) rounds its trigger to the tick away from the price", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "trailing_stop", size: "0.1", trailing: { unit: "percent", value: 2 } })
    expect(sim.of("order_accepted")[0]?.order.triggerPrice?.toString()).toBe("49000")
    sim.price(51_234.5)
    // 51234.5 × 0.98 = 50209.81 → 50209.5
    expect(sim.state.openOrders[0]?.triggerPrice?.toString()).toBe("50209.5")
    sim.price(50_209.5)
    expect(sim.of("order_filled")[0]?.fill.price.toString()).toBe("50209.5")
  })

  it("a buy trailing stop follows new lows, rounding up", () => {
    const sim = new SimDriver()
    sim.price(3000, { symbol: "PF_ETHUSD" })
    sim.submit({ symbol: "PF_ETHUSD", side: "sell", type: "market", size: "1" })
    sim.submit({
      symbol: "PF_ETHUSD",
      side: "buy",
      type: "trailing_stop",
      size: "1",
      trailing: { unit: "percent", value: "1.5" },
      reduceOnly: true
    })
    // 3000 × 1.015 = 3045
    expect(sim.of("order_accepted")[0]?.order.triggerPrice?.toString()).toBe("3045")
    sim.price(2901.3, { symbol: "PF_ETHUSD" })
    // 2901.3 × 1.015 = 2944.8195 → 2944.9
    expect(sim.state.openOrders[0]?.triggerPrice?.toString()).toBe("2944.9")
    sim.price(2944.9, { symbol: "PF_ETHUSD" })
    expect(sim.of("order_filled")[0]?.fill.realizedPnl.toString()).toBe("55.1")
  })

  it("orders on one symbol ignore prices of another", () => {
    const sim = long()
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000" })
    sim.price(100, { symbol: "PF_ETHUSD" })
    expect(sim.events).toEqual([])
    expect(sim.state.openOrders).toHaveLength(1)
  })
})
