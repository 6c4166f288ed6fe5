import { describe, expect, it } from "@effect/vitest"
import { Random } from "../../../src/domain/Random.ts"
import { setLiquidity } from "../../../src/exchange/sim/EngineState.ts"
import { marginSummary } from "../../../src/exchange/sim/Margin.ts"
import type { SimEvent } from "../../../src/exchange/sim/SimEvent.ts"
import type { OrderType } from "../../../src/exchange/sim/SimOrder.ts"
import { d, HOUR, newEngine, SimDriver, XBT } from "./SimDriver.ts"

const INITIAL_USD = 500
const TYPES: ReadonlyArray<OrderType> = ["market", "limit", "stop", "take_profit", "trailing_stop"]

/** A seeded random session: price moves (with gaps), every order type, amends, cancels and time jumps. */
const session = (seed: number, steps: number) => {
  const random = new Random(seed, "sim-invariants")
  const sim = new SimDriver(newEngine({ balances: { USD: INITIAL_USD } }))
  if (random.chance(0.5)) {
    sim.state = setLiquidity(sim.state, { maxFillSize: d(random.int(1, 30) * 0.001), fillRatio: null })
  }
  let price = 50_000
  const violations: Array<string> = []
  sim.price(price)
  for (let step = 0; step < steps; step++) {
    const before = sim.state
    const logged = sim.log.length
    const action = random.int(0, 9)
    if (action <= 3) {
      price = Math.max(
        1000,
        Math.round((price * (1 + random.normal() * (random.chance(0.05) ? 0.05 : 0.005))) / 0.5) * 0.5
      )
      const mark = price + Math.round(random.normal() * 40) / 2
      sim.price(price, { mark, index: price - 5, fundingRate: String(Math.round(random.normal() * 10) / 100_000) })
    } else if (action <= 7) {
      const type = TYPES[random.int(0, TYPES.length - 1)] ?? "market"
      const offset = Math.round(random.normal() * 400) / 2
      sim.submit({
        side: random.chance(0.5) ? "buy" : "sell",
        type,
        size: (random.int(1, 60) * 0.001).toFixed(3),
        ...(type === "limit" || (type === "stop" && random.chance(0.3)) ? { limitPrice: price + offset } : {}),
        ...(type === "stop" || type === "take_profit" ? { triggerPrice: price - offset } : {}),
        ...(type === "trailing_stop" ? { trailing: { unit: "quote" as const, value: Math.abs(offset) + 0.5 } } : {}),
        ...(type !== "market" && random.chance(0.5) ? { triggerReference: random.chance(0.5) ? "mark" : "index" } : {}),
        ...(type === "limit" && random.chance(0.2) ? { postOnly: true } : {}),
        reduceOnly: random.chance(0.4)
      })
    } else if (action === 8) {
      const order = sim.state.openOrders[random.int(0, Math.max(0, sim.state.openOrders.length - 1))]
      if (order?.limitPrice)
        sim.amend({ orderId: order.orderId }, { limitPrice: d(price + Math.round(random.normal() * 200) / 2) })
      else if (order) sim.cancel({ orderId: order.orderId })
    } else {
      sim.advance(sim.state.time + random.int(1, 2 * HOUR))
    }
    // The step's own events (an amend or cancel with no open order runs no step)
    const events = sim.log.slice(logged)
    violations.push(...stepViolations(before, sim.state, events).map((v) => `seed ${seed} step ${step}: ${v}`))
  }
  return { sim, violations }
}

const stepViolations = (
  before: SimDriver["state"],
  after: SimDriver["state"],
  events: ReadonlyArray<SimEvent>
): Array<string> => {
  const problems: Array<string> = []
  const summary = marginSummary(after)
  if (Object.keys(after.positions).length > 0 && summary.portfolioValue.lt(summary.maintenanceMargin)) {
    problems.push("left under maintenance without liquidation")
  }
  let position = before.positions.PF_XBTUSD?.size ?? d(0)
  for (const event of events) {
    if (event.time < before.time) problems.push(`event ${event.type} before the clock`)
    if (event.type !== "order_filled") continue
    const next = position.plus(event.fill.side === "buy" ? event.fill.size : event.fill.size.neg())
    if (event.order.reduceOnly && (next.abs().gt(position.abs()) || next.mul(position).lt(0))) {
      problems.push("reduce-only fill increased or flipped the position")
    }
    if (event.order.filled.gt(event.order.size)) problems.push("order overfilled")
    if (!event.fill.size.mod(XBT.contractStep).isZero()) problems.push("fill off the contract step")
    position = next
  }
  return problems
}

describe("engine invariants over seeded random sessions", () => {
  it("never breaks the books, reduce-only, maintenance or time order", () => {
    let liquidations = 0
    let fills = 0
    for (let seed = 1; seed <= 12; seed++) {
      const { sim, violations } = session(seed, 300)
      expect(violations).toEqual([])
      const { state } = sim
      const ledger = state.ledger.toArray()
      const amounts = ledger.reduce((sum, entry) => sum.plus(entry.amount), d(0))
      expect(sim.usd()).toBe(amounts.plus(INITIAL_USD).toString())
      const net = state.fills
        .toArray()
        .reduce((sum, f) => (f.side === "buy" ? sum.plus(f.size) : sum.minus(f.size)), d(0))
      expect((state.positions.PF_XBTUSD?.size ?? d(0)).toString()).toBe(net.toString())
      expect(state.openOrders.every((order) => order.status === "new" || order.status === "partially_filled")).toBe(
        true
      )
      expect(state.closedOrders.toArray().every((o) => o.status === "filled" || o.status === "canceled")).toBe(true)
      const keys = ledger.filter((e) => e.kind === "funding").map((e) => `${e.symbol}:${e.fundingInterval}`)
      expect(new Set(keys).size).toBe(keys.length)
      liquidations += sim.log.filter((event) => event.type === "liquidation").length
      fills += state.fills.length
    }
    // The sessions must actually exercise the engine
    expect(fills).toBeGreaterThan(200)
    expect(liquidations).toBeGreaterThan(0)
  })

  it("a seeded session replays byte for byte", () => {
    expect(JSON.stringify(session(7, 300).sim.log)).toBe(JSON.stringify(session(7, 300).sim.log))
  })
})
