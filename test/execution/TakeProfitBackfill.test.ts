import { describe, expect, it } from "@effect/vitest"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import type { PositionEvent } from "../../src/execution/PositionEvent.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { takeProfitsToBackfill } from "../../src/execution/TakeProfitBackfill.ts"
import { accepted, apply, closed, d, filled, observed, openLong, placements, rejected, T0, tags } from "./fixtures.ts"

let commands = 0
const backfill = (mark: string | number = 100): PositionEvent => {
  commands += 1
  return { _tag: "BackfillTakeProfits", commandId: `backfill-${commands}`, mark: d(mark), at: T0 + 100_000 + commands }
}

describe("take-profit backfill (pure)", () => {
  it("re-places a TP the venue cancelled, at its level and size, once", () => {
    const { record, tp1 } = openLong()
    const dropped = apply(record, closed(tp1, "cancelled", 0)).record
    expect(takeProfitsToBackfill(dropped, d(100), DEFAULT_RULES)).toEqual(["tp1"])
    const refill = apply(dropped, backfill())
    const [placed, ...rest] = placements(refill.effects)
    expect(rest).toEqual([])
    expect(placed).toMatchObject({ purpose: "tp1", type: "limit", side: "sell", reduceOnly: true })
    expect([placed!.quantity.toString(), placed!.limitPrice?.toString()]).toEqual(["0.4", "105"])
    expect(placed!.clientOrderId).not.toBe(tp1.clientOrderId)
    const again = apply(refill.record, backfill())
    expect(again.effects).toEqual([])
    expect(again.processedEventId).toBeUndefined()
  })

  it("re-places only what a partially filled TP left, and never a filled level", () => {
    const { record, tp1, tp2 } = openLong()
    let r = apply(record, filled(tp1, "0.1", 105)).record
    r = apply(r, closed(tp1, "cancelled", "0.1")).record
    r = apply(r, filled(tp2, "0.4", 110)).record
    expect(r.tp2Filled).toBe(true)
    const [placed, ...rest] = placements(apply(r, backfill()).effects)
    expect(rest).toEqual([])
    expect([placed?.purpose, placed?.quantity.toString()]).toEqual(["tp1", "0.3"])
  })

  it("gives a level up after the allowed number of unfilled endings", () => {
    const { record, tp2 } = openLong()
    let r = apply(record, closed(tp2, "cancelled", 0)).record
    const attempts = [tp2.clientOrderId]
    for (let i = 0; i < 5; i++) {
      const step = apply(r, backfill())
      const [placed] = placements(step.effects)
      if (placed === undefined) {
        r = step.record
        break
      }
      attempts.push(placed.clientOrderId)
      r = apply(step.record, rejected(placed)).record
    }
    expect(attempts).toHaveLength(DEFAULT_RULES.takeProfitMaxFailures)
    expect(takeProfitsToBackfill(r, d(100), DEFAULT_RULES)).toEqual([])
    expect(ordersWithRole(r, "tp2").map((o) => o.status)).toEqual(["cancelled", "rejected", "rejected"])
  })

  it("skips a level the mark has reached, and waits for a working stop", () => {
    const { record, tp1, stop } = openLong()
    const dropped = apply(record, closed(tp1, "cancelled", 0)).record
    expect(takeProfitsToBackfill(dropped, d("104.8"), DEFAULT_RULES)).toEqual([])
    expect(apply(dropped, backfill("104.8")).effects).toEqual([])
    const naked = apply(dropped, closed(stop, "cancelled", 0))
    expect(takeProfitsToBackfill(naked.record, d(100), DEFAULT_RULES)).toEqual([])
  })

  it("keeps the ladder within the remaining quantity after reconciliation shrank it", () => {
    const { record, tp1, tp2 } = openLong()
    let r = apply(record, closed(tp1, "cancelled", 0)).record
    r = apply(r, closed(tp2, "cancelled", 0)).record
    r = apply(r, observed("0.5")).record
    const resized = placements(apply(r, backfill()).effects).map((p) => [p.purpose, p.quantity.toString()])
    expect(resized).toEqual([
      ["tp1", "0.4"],
      ["tp2", "0.1"]
    ])
  })
})

describe("stop resized to the position (pure)", () => {
  it("asks the venue to amend a stop larger than the position, and tracks it once the venue took it", () => {
    const { record, stop } = openLong()
    const shrunk = apply(record, observed("0.6"))
    expect(tags(shrunk.effects)).toEqual(["AmendOrder"])
    expect(shrunk.effects[0]).toMatchObject({ clientOrderId: stop.clientOrderId, orderId: `ex-${stop.clientOrderId}` })
    expect(shrunk.effects[0]?._tag === "AmendOrder" && shrunk.effects[0].quantity.toString()).toBe("0.6")
    const amended = apply(shrunk.record, {
      _tag: "OrderAmended",
      clientOrderId: stop.clientOrderId,
      quantity: d("0.6"),
      at: T0 + 200_000
    })
    expect(ordersWithRole(amended.record, "stop").map((o) => [o.status, o.quantity.toString()])).toEqual([
      ["working", "0.6"]
    ])
    expect(amended.effects).toEqual([])
  })

  it("a stop amended below the position on the venue is replaced for the full size, never amended up", () => {
    const { record, stop } = openLong()
    const amended = apply(record, {
      _tag: "OrderAmended",
      clientOrderId: stop.clientOrderId,
      quantity: d("0.5"),
      at: T0 + 300_000
    })
    const [replacement, ...rest] = placements(amended.effects)
    expect(rest).toEqual([])
    expect([replacement?.purpose, replacement?.quantity.toString()]).toEqual(["replace-stop", "1"])
    expect(tags(apply(amended.record, accepted(replacement!)).effects)).toEqual(["CancelOrder"])
  })
})
