import { describe, expect, it } from "@effect/vitest"
import {
  accepted,
  apply,
  cancels,
  closed,
  confirmIntent,
  filled,
  moveStop,
  observed,
  openLong,
  pending,
  placements,
  reject,
  rejected,
  requestExit,
  retryProtection,
  tags
} from "./fixtures.ts"

describe("take profits and break-even", () => {
  it("TP1 makes the position PARTIAL and, for a wide-structure trade, moves the stop to the average entry", () => {
    const { record, tp1, stop } = openLong()
    const hit = apply(record, filled(tp1, "0.4", 105))
    expect(hit.record.state).toBe("PARTIAL")
    expect(hit.record.tp1Filled).toBe(true)
    expect(hit.record.breakEvenTriggered).toBe(true)
    expect(hit.record.stopTarget.toString()).toBe("100")
    // The live stop is unchanged until the replacement is acknowledged.
    expect(hit.record.stopPrice.toString()).toBe("95")
    const [replacement] = placements(hit.effects)
    expect(replacement).toMatchObject({ purpose: "replace-stop" })
    expect([replacement?.triggerPrice?.toString(), replacement?.quantity.toString()]).toEqual(["100", "0.6"])
    const live = apply(hit.record, accepted(replacement!))
    expect(live.record.stopPrice.toString()).toBe("100")
    expect(cancels(live.effects)).toEqual([stop.clientOrderId])
  })

  it("a tight setup reaches break-even only once its intent is confirmed", () => {
    const unconfirmed = openLong()
    const tight = { ...unconfirmed.record, plan: { ...unconfirmed.record.plan, regime: "tight_smc" } }
    const hit = apply(tight, filled(unconfirmed.tp1, "0.4", 105))
    expect(hit.record.breakEvenTriggered).toBe(false)
    expect(placements(hit.effects)).toEqual([])
    const confirmed = apply(tight, confirmIntent())
    expect(apply(confirmed.record, filled(unconfirmed.tp1, "0.4", 105)).record.breakEvenTriggered).toBe(true)
  })

  it("a partial TP fill is an exit fill but TP1 counts as filled only when its order is", () => {
    const { record, tp1 } = openLong()
    const part = apply(record, filled(tp1, "0.1", 105))
    expect(part.record.state).toBe("PARTIAL")
    expect(part.record.tp1Filled).toBe(false)
    expect(part.record.exitFills).toHaveLength(1)
  })

  it("TP1, TP2 then the stop close the position with the stop's reason and no orders left", () => {
    const { record, tp1, tp2, stop } = openLong()
    let r = apply(record, filled(tp1, "0.4", 105)).record
    const be = r.orders.find((o) => o.status === "requested" && o.role === "stop")!
    r = apply(r, accepted(be.clientOrderId)).record
    r = apply(r, filled(tp2, "0.4", 110)).record
    expect(r.tp2Filled).toBe(true)
    const beRequest = { ...stop, clientOrderId: be.clientOrderId }
    const end = apply(r, filled(beRequest, "0.2", 100))
    expect(end.record.state).toBe("CLOSED")
    expect(end.record.exitReason).toBe("stop_loss")
    // The break-even stop was sized 0.6 and only 0.2 filled: its reduce-only rest is cancelled.
    expect(cancels(end.effects)).toEqual([be.clientOrderId])
    expect(tags(end.effects)).toEqual(["CancelOrder", "RecordTrade"])
  })
})

describe("stop", () => {
  it("a stop fill closes the position, cancels the TPs and records the trade", () => {
    const { record, stop, tp1, tp2 } = openLong()
    const hit = apply(record, filled(stop, 1, 95))
    expect(hit.record.state).toBe("CLOSED")
    expect(hit.record.exitReason).toBe("stop_loss")
    expect(cancels(hit.effects)).toEqual([tp1.clientOrderId, tp2.clientOrderId])
    expect(tags(hit.effects)).toEqual(["CancelOrder", "CancelOrder", "RecordTrade"])
  })

  it("a trailing move is validated against invariant D before anything changes", () => {
    const { record } = openLong()
    expect(reject(record, moveStop(94)).message).toContain("invariant D")
    expect(reject(record, moveStop("94.99")).message).toContain("invariant D")
    const moved = apply(record, moveStop(98))
    expect(moved.record.trailingActive).toBe(true)
    expect(placements(moved.effects)[0]?.triggerPrice?.toString()).toBe("98")
    expect(reject(moved.record, moveStop(97)).message).toContain("invariant D")
  })

  it("a rejected replacement keeps the old stop, reverts the target and does not retry on its own", () => {
    const { record } = openLong()
    const moved = apply(record, moveStop(98))
    const [replacement] = placements(moved.effects)
    const refused = apply(moved.record, rejected(replacement!, "invalidPrice"))
    expect(refused.record.stopTarget.toString()).toBe("95")
    expect(refused.record.stopRetryBlocked).toBe(true)
    expect(refused.effects).toEqual([])
    expect(refused.record.orders.filter((o) => o.role === "stop" && o.status === "working")).toHaveLength(1)
    // A later explicit move is a new decision and may try again.
    expect(placements(apply(refused.record, moveStop(99)).effects)[0]?.triggerPrice?.toString()).toBe("99")
  })

  it("a rejected initial stop reports lost protection; RetryProtection places a fresh one", () => {
    const { record, entry } = pending()
    const fill = apply(record, filled(entry, 1, 100))
    const [stop] = placements(fill.effects)
    const refused = apply(fill.record, rejected(stop!))
    expect(tags(refused.effects)).toEqual(["ProtectionLost"])
    const retry = apply(refused.record, retryProtection())
    const [again] = placements(retry.effects)
    expect(again).toMatchObject({ purpose: "stop" })
    expect(again?.clientOrderId).not.toBe(stop?.clientOrderId)
  })

  it("a stop cancelled behind our back is placed again", () => {
    const { record, stop } = openLong()
    const gone = apply(record, closed(stop, "cancelled", 0))
    const [again] = placements(gone.effects)
    expect(again).toMatchObject({ purpose: "stop" })
    expect(again?.quantity.toString()).toBe("1")
  })

  it("a stop given up as unacknowledged is adopted if it turns out live and no other stop works", () => {
    const { record, entry } = pending()
    const fill = apply(record, filled(entry, 1, 100))
    const [stop] = placements(fill.effects)
    const givenUp = apply(fill.record, rejected(stop!, "no acknowledgement within 10 s"))
    expect(givenUp.record.stopRetryBlocked).toBe(true)
    const late = apply(givenUp.record, accepted(stop!))
    expect(cancels(late.effects)).toEqual([])
    expect(late.record.stopRetryBlocked).toBe(false)
    expect(late.record.orders.find((o) => o.clientOrderId === stop!.clientOrderId)?.status).toBe("working")
  })

  it("a replacement given up as unacknowledged is cancelled when it turns out live", () => {
    const { record } = openLong()
    const moved = apply(record, moveStop(98))
    const [replacement] = placements(moved.effects)
    const givenUp = apply(moved.record, rejected(replacement!, "no acknowledgement within 10 s"))
    const late = apply(givenUp.record, accepted(replacement!))
    expect(cancels(late.effects)).toEqual([replacement!.clientOrderId])
    expect(late.record.stopPrice.toString()).toBe("95")
  })

  it("a late acknowledgement for a closed position is cancelled", () => {
    const { record, stop } = openLong()
    const moved = apply(record, moveStop(98))
    const [replacement] = placements(moved.effects)
    const hit = apply(moved.record, filled(stop, 1, 95))
    expect(hit.record.state).toBe("CLOSED")
    const late = apply(hit.record, accepted(replacement!))
    expect(late.record.state).toBe("CLOSED")
    expect(cancels(late.effects)).toEqual([replacement!.clientOrderId])
  })
})

describe("exit", () => {
  it("RequestExit sends a reduce-only market close for the remaining quantity", () => {
    const { record, tp1 } = openLong()
    const partial = apply(record, filled(tp1, "0.4", 105)).record
    const exit = apply(partial, requestExit("premise_invalidation"))
    expect(exit.record.state).toBe("EXIT_PENDING")
    const [close] = placements(exit.effects)
    expect(close).toMatchObject({ purpose: "exit", type: "market", reduceOnly: true, side: "sell" })
    expect(close?.quantity.toString()).toBe("0.6")
    expect(reject(exit.record, requestExit())._tag).toBe("InvalidTransition")
    const done = apply(exit.record, filled(close!, "0.6", 103))
    expect(done.record.state).toBe("CLOSED")
    expect(done.record.exitReason).toBe("premise_invalidation")
  })

  it("a cancelled close returns to the resting state", () => {
    const { record } = openLong()
    const exit = apply(record, requestExit())
    const [close] = placements(exit.effects)
    const back = apply(exit.record, closed(close!, "cancelled", 0))
    expect(back.record.state).toBe("OPEN")
    expect(back.record.exitReason).toBeUndefined()
  })

  it("a close reported filled while quantity remains is an ERROR that keeps the stop", () => {
    const { record, entry } = openLong()
    const exit = apply(record, requestExit())
    const [close] = placements(exit.effects)
    const grown = {
      ...exit.record,
      orders: exit.record.orders.map((o) => (o.role === "entry" ? { ...o, status: "working" as const } : o))
    }
    const more = apply(grown, filled(entry, "0.5", 100, "late-entry-fill")).record
    const partlyClosed = apply(more, filled(close!, 1, 99)).record
    const broken = apply(partlyClosed, closed(close!, "filled", 1))
    expect(broken.record.state).toBe("ERROR")
    expect(tags(broken.effects)).toEqual(["ProtectionLost"])
    expect(broken.record.orders.some((o) => o.role === "stop" && o.status === "working")).toBe(true)
  })

  it("an exit fill beyond the remaining quantity breaks invariant B", () => {
    const { record, stop } = openLong()
    const error = reject(record, filled(stop, "1.5", 95))
    expect(error._tag).toBe("InvariantViolation")
    expect(error.message).toContain("invariant B")
  })
})

describe("reconciliation", () => {
  it("a position missing once waits; missing twice is ORPHANED with its orders cancelled", () => {
    const { record } = openLong()
    const once = apply(record, observed(0))
    expect(once.record.state).toBe("OPEN")
    expect(once.record.missingChecks).toBe(1)
    const seen = apply(once.record, observed(1))
    expect(seen.record.missingChecks).toBe(0)
    const twice = apply(apply(seen.record, observed(0)).record, observed(0))
    expect(twice.record.state).toBe("ORPHANED")
    expect(twice.record.exitReason).toBe("reconciliation")
    expect(tags(twice.effects)).toEqual(["CancelOrder", "CancelOrder", "CancelOrder", "RecordTrade"])
  })

  it("an unchanged observation is not recorded", () => {
    const { record } = openLong()
    const same = apply(record, observed(1))
    expect(same.record).toBe(record)
    expect(same.processedEventId).toBeUndefined()
  })

  it("a pending entry adopts the exchange quantity and gets its stop", () => {
    const { record } = pending()
    const adopted = apply(record, observed("0.7", "100.5"))
    expect(adopted.record.state).toBe("OPEN")
    expect(adopted.record.entryFills[0]).toMatchObject({ synthetic: true })
    expect(adopted.record.entryFills[0]?.price.toString()).toBe("100.5")
    const [stop] = placements(adopted.effects)
    expect(stop?.quantity.toString()).toBe("0.7")
  })

  it("a smaller exchange quantity becomes a synthetic exit fill", () => {
    const { record } = openLong()
    const synced = apply(record, observed("0.25"))
    expect(synced.record.state).toBe("PARTIAL")
    expect(synced.record.exitFills[0]?.quantity.toString()).toBe("0.75")
    expect(synced.record.exitFills[0]?.synthetic).toBe(true)
  })
})
