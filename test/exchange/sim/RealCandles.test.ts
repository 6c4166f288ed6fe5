import { existsSync, readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../../src/domain/Money.ts"
import { intrabarEvents } from "../../../src/exchange/sim/IntrabarPath.ts"
import { ceilToStep, floorToStep } from "../../../src/exchange/sim/SimInstrument.ts"
import { d, HOUR, newEngine, SimDriver, XBT } from "./SimDriver.ts"

const FILE = "../shared/data/kraken/XBTUSD_60.norm.csv"
const present = existsSync(FILE)
const SKIP = `real candles not found at ${FILE}: skipping (see ../shared/data/README.md)`

/** The last `count` hourly bars of Kraken XBTUSD (2020), as written in the file. */
const lastBars = (count: number) =>
  readFileSync(FILE, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .slice(-count)
    .map((line) => {
      const [time, open, high, low, close] = line.split(",")
      return {
        openTime: Number(time),
        open: d(open ?? ""),
        high: d(high ?? ""),
        low: d(low ?? ""),
        close: d(close ?? "")
      }
    })

/** Every 48 bars, when flat (partial entries included): alternate long and short 0.1 with a mark stop at 3 % and a resting take-profit at 4 %. */
const replay = (): SimDriver => {
  const sim = new SimDriver(newEngine({ liquidity: { fillRatio: d("0.5") }, time: 0 }))
  lastBars(2000).forEach((bar, i) => {
    for (const event of intrabarEvents("PF_XBTUSD", bar, HOUR)) {
      sim.price(event.last, { time: event.time, fundingRate: "0.00001" })
    }
    if (i % 48 !== 0 || sim.position() !== undefined) return
    const long = (i / 48) % 2 === 0
    const at = bar.openTime + HOUR - 1
    // The orphan clean-up a bot does: the exit left over from the last trade goes before a new entry
    sim.cancelAll(undefined, at)
    sim.submit({ side: long ? "buy" : "sell", type: "market", size: "0.1" }, at)
    const held = sim.position()?.size.replace("-", "")
    if (held === undefined) return
    const exit = long ? "sell" : "buy"
    const stop = long
      ? floorToStep(bar.close.mul("0.97"), XBT.tickSize)
      : ceilToStep(bar.close.mul("1.03"), XBT.tickSize)
    const target = long
      ? floorToStep(bar.close.mul("1.04"), XBT.tickSize)
      : ceilToStep(bar.close.mul("0.96"), XBT.tickSize)
    sim.submit(
      { side: exit, type: "stop", size: held, triggerPrice: stop, triggerReference: "mark", reduceOnly: true },
      at
    )
    sim.submit({ side: exit, type: "limit", size: held, limitPrice: target, reduceOnly: true }, at)
  })
  return sim
}

const sum = (values: ReadonlyArray<Decimal>): Decimal => values.reduce((a, b) => a.plus(b), new Decimal(0))

describe("replay over real candles", () => {
  it.skipIf(!present)(`keeps the books consistent over 2000 hourly bars${present ? "" : ` (${SKIP})`}`, () => {
    const sim = replay()
    const fills = sim.state.fills.toArray()
    const ledger = sim.state.ledger.toArray()
    const closedOrders = sim.state.closedOrders.toArray()
    expect(fills.length).toBeGreaterThan(20)
    expect(closedOrders.some((order) => order.type === "stop" && order.filled.gt(0))).toBe(true)
    expect(closedOrders.some((order) => order.type === "limit" && order.filled.gt(0))).toBe(true)
    // Balance = deposits + every booking; each entry's balance follows from the previous one
    expect(sim.usd()).toBe(
      sum(ledger.map((entry) => entry.amount))
        .plus(10_000)
        .toString()
    )
    ledger.reduce((balance, entry) => {
      expect(entry.balanceAfter.toString()).toBe(balance.plus(entry.amount).toString())
      return entry.balanceAfter
    }, new Decimal(10_000))
    // Position = Σ signed fills; fees and realised P&L agree between fills and ledger
    const net = sum(fills.map((fill) => (fill.side === "buy" ? fill.size : fill.size.neg())))
    expect((sim.state.positions.PF_XBTUSD?.size ?? new Decimal(0)).toString()).toBe(net.toString())
    expect(sum(ledger.map((entry) => entry.fee)).toString()).toBe(sum(fills.map((fill) => fill.fee)).toString())
    expect(sum(ledger.map((e) => e.realizedPnl)).toString()).toBe(sum(fills.map((f) => f.realizedPnl)).toString())
    // Funding: one entry per interval at most
    const intervals = ledger.filter((entry) => entry.kind === "funding").map((entry) => entry.fundingInterval)
    expect(intervals.length).toBeGreaterThan(100)
    expect(new Set(intervals).size).toBe(intervals.length)
    // A stop never fills better than its trigger at the trigger; no order fills beyond its size
    for (const order of closedOrders) {
      expect(order.filled.lte(order.size)).toBe(true)
      if (order.type !== "stop" || order.triggerPrice === null) continue
      // Only the fill at the trigger: remainders left by partial fills execute at later prices
      const first = fills.find((fill) => fill.orderId === order.orderId)
      if (first === undefined) continue
      expect(order.side === "sell" ? first.price.lte(order.triggerPrice) : first.price.gte(order.triggerPrice)).toBe(
        true
      )
    }
  })

  it.skipIf(!present)(`is deterministic over real candles${present ? "" : ` (${SKIP})`}`, () => {
    expect(JSON.stringify(replay().log)).toBe(JSON.stringify(replay().log))
  })
})
