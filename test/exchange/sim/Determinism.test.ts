import { describe, expect, it } from "@effect/vitest"
import type { EngineState } from "../../../src/exchange/sim/EngineState.ts"
import { intrabarEvents } from "../../../src/exchange/sim/IntrabarPath.ts"
import { advancePrice } from "../../../src/exchange/sim/PriceFeed.ts"
import { submitOrder } from "../../../src/exchange/sim/SubmitOrder.ts"
import { d, HOUR, newEngine, request, SimDriver, T0 } from "./SimDriver.ts"

/** A day of hourly bars as a zig-zag, with entries, protection and a partial-fill liquidity model. */
const scenario = (): SimDriver => {
  const sim = new SimDriver(newEngine({ liquidity: { fillRatio: d("0.4") } }))
  let open = 50_000
  for (let hour = 0; hour < 24; hour++) {
    const close = open + (hour % 5 < 3 ? 350 : -600)
    const bar = {
      openTime: T0 + hour * HOUR,
      open,
      high: Math.max(open, close) + 200,
      low: Math.min(open, close) - 150,
      close
    }
    for (const event of intrabarEvents("PF_XBTUSD", bar, HOUR)) {
      sim.price(event.last, { time: event.time, mark: event.last.minus(5).toString(), fundingRate: "0.0001" })
    }
    const at = bar.openTime + HOUR - 1
    if (hour % 6 === 0) sim.submit({ side: "buy", type: "market", size: "0.05", clientOrderId: `entry-${hour}` }, at)
    if (hour % 6 === 1) {
      sim.submit(
        {
          side: "sell",
          type: "trailing_stop",
          size: "0.05",
          trailing: { unit: "percent", value: 1 },
          reduceOnly: true
        },
        at
      )
      sim.submit({ side: "buy", type: "limit", size: "0.03", limitPrice: String(close - 400) }, at)
    }
    if (hour % 6 === 4) sim.cancelAll(undefined, at)
    open = close
  }
  return sim
}

describe("determinism", () => {
  it("the same inputs give the same events and state, byte for byte", () => {
    const first = scenario()
    const second = scenario()
    expect(first.state.fills.toArray().length).toBeGreaterThan(5)
    expect(first.state.ledger.toArray().some((entry) => entry.kind === "funding")).toBe(true)
    expect(first.log.some((event) => event.type === "order_triggered")).toBe(true)
    expect(JSON.stringify(second.log)).toBe(JSON.stringify(first.log))
    expect(JSON.stringify(second.state)).toBe(JSON.stringify(first.state))
  })

  it("ids come from counters: sequential, UUID-shaped and distinct per kind", () => {
    const { state } = scenario()
    const uuid = /^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/
    const orderIds = [...state.closedOrders.toArray(), ...state.openOrders].map((order) => order.orderId)
    expect(orderIds.every((id) => uuid.test(id))).toBe(true)
    expect(new Set(orderIds).size).toBe(state.counters.order)
    expect(state.fills.toArray().map((fill) => fill.fillId)).toEqual(
      state.fills.toArray().map((_, i) => `00000002-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`)
    )
    expect(state.ledger.toArray().map((entry) => Number.parseInt(entry.ledgerId.slice(-12), 16))).toEqual(
      state.ledger.toArray().map((_, i) => i + 1)
    )
  })

  it("a step never changes the state it was given", () => {
    const sim = new SimDriver()
    sim.price(50_000)
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true })
    const before: EngineState = sim.state
    const json = JSON.stringify(before)
    const after = advancePrice(before, { symbol: "PF_XBTUSD", time: T0 + HOUR + 1, last: d("48000") }).state
    submitOrder(after, request({ side: "buy", type: "market", size: "0.2" }), T0 + HOUR + 2)
    expect(JSON.stringify(before)).toBe(json)
    expect(after.fills).toHaveLength(2)
    expect(before.fills).toHaveLength(1)
  })
})
