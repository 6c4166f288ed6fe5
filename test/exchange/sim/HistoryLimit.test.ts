import { describe, expect, it } from "@effect/vitest"
import { History } from "../../../src/exchange/sim/History.ts"
import { newEngine, SimDriver } from "./SimDriver.ts"

describe("History limit (the embedded venue of a 24/7 process)", () => {
  it("holds at most a quarter more than its limit, always the newest items in order", () => {
    let history = History.empty<number>(8)
    let largest = 0
    for (let i = 1; i <= 1_000; i++) {
      history = history.append([i])
      largest = Math.max(largest, history.length)
    }
    expect(largest).toBeLessThanOrEqual(10)
    expect(history.length).toBeGreaterThanOrEqual(8)
    expect(history.toArray()).toEqual(Array.from({ length: history.length }, (_, i) => 1_001 - history.length + i))
    expect(history.latest(3)).toEqual([998, 999, 1_000])
    expect(History.of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 4).toArray()).toEqual([8, 9, 10, 11])
  })

  it("an older version keeps its items when a newer one forgets them", () => {
    const older = History.of([1, 2, 3, 4], 4)
    const newer = older.append([5, 6])
    expect(newer.toArray()).toEqual([3, 4, 5, 6])
    expect(older.toArray()).toEqual([1, 2, 3, 4])
    expect(older.append([9]).toArray()).toEqual([1, 2, 3, 4, 9])
  })

  it("an engine with historyLimit keeps its order events and fills bounded while orders keep coming", () => {
    const sim = new SimDriver(newEngine({ historyLimit: 20 }))
    sim.price(50_000)
    for (let i = 0; i < 200; i++) {
      sim.submit({ side: i % 2 === 0 ? "buy" : "sell", type: "market", size: "0.01" })
      expect(sim.state.orderEvents.length).toBeLessThanOrEqual(25)
      expect(sim.state.fills.length).toBeLessThanOrEqual(25)
      expect(sim.state.closedOrders.length).toBeLessThanOrEqual(25)
      expect(sim.state.ledger.length).toBeLessThanOrEqual(25)
    }
    // 200 market orders, each accepted and filled: the newest events are held, the count goes on
    expect(sim.state.counters.order).toBe(200)
    expect(sim.state.orderEvents.at(-1)?.type).toBe("order_filled")
    // Without a limit every event stays
    const unbounded = new SimDriver()
    unbounded.price(50_000)
    for (let i = 0; i < 50; i++) unbounded.submit({ side: "buy", type: "market", size: "0.01" })
    expect(unbounded.state.orderEvents.length).toBe(100)
  })
})
