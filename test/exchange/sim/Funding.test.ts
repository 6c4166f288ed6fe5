import { describe, expect, it } from "@effect/vitest"
import { HOUR, newEngine, SimDriver, T0 } from "./SimDriver.ts"

const fundingEntries = (sim: SimDriver) => sim.state.ledger.toArray().filter((entry) => entry.kind === "funding")

describe("funding", () => {
  it("books one entry per symbol and interval boundary at the mark and rate before it; longs pay a positive rate", () => {
    const sim = new SimDriver()
    sim.price(50_000, { fundingRate: "0.0001" })
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.price(3000, { symbol: "PF_ETHUSD", fundingRate: "0.0002" })
    sim.submit({ symbol: "PF_ETHUSD", side: "sell", type: "market", size: "1" })
    sim.price(51_000, { time: T0 + HOUR + 5 })
    expect(sim.types()).toEqual(["ledger", "ledger"])
    const [eth, xbt] = sim.of("ledger").map((event) => event.entry)
    expect(eth).toMatchObject({ kind: "funding", symbol: "PF_ETHUSD", time: T0 + HOUR, fundingInterval: T0 / HOUR + 1 })
    expect(eth?.amount.toString()).toBe("0.6")
    expect(xbt).toMatchObject({ kind: "funding", symbol: "PF_XBTUSD", time: T0 + HOUR, fundingInterval: T0 / HOUR + 1 })
    expect(xbt?.amount.toString()).toBe("-0.5")
    expect(xbt?.markPrice.toString()).toBe("50000")
    expect(xbt?.fundingRate?.toString()).toBe("0.0001")
    // 10000 − 2.5 − 1.5 (taker fees) + 0.6 − 0.5
    expect(sim.usd()).toBe("9996.1")
    expect(sim.state.positions.PF_XBTUSD?.funding.toString()).toBe("-0.5")
  })

  it("is idempotent per (symbol, interval): later events in the interval and a clock sent backwards book nothing", () => {
    const sim = new SimDriver()
    sim.price(50_000, { fundingRate: "0.0001" })
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.advance(T0 + HOUR)
    expect(fundingEntries(sim)).toHaveLength(1)
    sim.price(50_000, { time: T0 + HOUR + 10 })
    sim.advance(T0 + 5)
    sim.advance(T0 + HOUR + 20)
    expect(fundingEntries(sim)).toHaveLength(1)
    expect(sim.state.time).toBe(T0 + HOUR + 20)
  })

  it("books every boundary a time gap passes, each with its own interval index", () => {
    const sim = new SimDriver()
    sim.price(50_000, { fundingRate: "-0.0001" })
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.advance(T0 + 3 * HOUR + 1)
    expect(sim.of("ledger").map((event) => [event.entry.time, event.entry.amount.toString()])).toEqual([
      [T0 + HOUR, "0.5"],
      [T0 + 2 * HOUR, "0.5"],
      [T0 + 3 * HOUR, "0.5"]
    ])
  })

  it("books nothing for a position opened and closed inside one interval, or for no position", () => {
    const sim = new SimDriver()
    sim.price(50_000, { fundingRate: "0.0001" })
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.submit({ side: "sell", type: "market", size: "0.1" })
    sim.advance(T0 + 2 * HOUR)
    expect(fundingEntries(sim)).toHaveLength(0)
  })

  it("uses the configured interval", () => {
    const sim = new SimDriver(newEngine({ fundingIntervalMs: 4 * HOUR }))
    sim.price(50_000, { fundingRate: "0.0001" })
    sim.submit({ side: "buy", type: "market", size: "0.1" })
    sim.advance(T0 + 5 * HOUR)
    expect(fundingEntries(sim).map((entry) => entry.time)).toEqual([T0 + 4 * HOUR])
  })
})
