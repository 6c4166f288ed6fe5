import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import { openPosition } from "../../src/execution/OpenPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import {
  accepted,
  apply,
  cancelEntry,
  cancels,
  closed,
  d,
  filled,
  moveStop,
  openLong,
  POSITION_ID,
  pending,
  placements,
  plan,
  reject,
  rejected,
  T0,
  tags
} from "./fixtures.ts"

describe("entry", () => {
  it("opens PENDING with one market entry that is not reduce-only", () => {
    const { record, entry } = pending()
    expect(record.state).toBe("PENDING")
    expect(entry).toMatchObject({ purpose: "entry", side: "buy", type: "market", reduceOnly: false, seq: 0 })
    expect(entry.quantity.toString()).toBe("1")
    expect(record.orders).toHaveLength(1)
    expect(record.orders[0]?.status).toBe("requested")
  })

  it("refuses a stop on the profit side and TP fractions above the whole", () => {
    const input = {
      positionId: POSITION_ID,
      symbol: SpotSymbol.make("BTC/USD"),
      futuresSymbol: FuturesSymbol.make("PF_XBTUSD"),
      side: "long" as const,
      at: T0
    }
    const badStop = openPosition({ ...input, plan: plan({ initialStop: d(101) }) }, DEFAULT_RULES)
    const badSplit = openPosition({ ...input, plan: plan({ tp2Fraction: d("0.7") }) }, DEFAULT_RULES)
    expect(Either.isLeft(badStop) && badStop.left.field).toBe("initialStop")
    expect(Either.isLeft(badSplit) && badSplit.left.field).toBe("tp2Fraction")
  })

  it("a full fill opens the position, places the stop for the filled size and the TP ladder", () => {
    const { record, entry } = pending()
    const ack = apply(record, accepted(entry))
    expect(ack.record.state).toBe("PENDING")
    expect(ack.record.orders[0]?.status).toBe("working")
    const fill = apply(ack.record, filled(entry, 1, 100))
    expect(fill.record.state).toBe("OPEN")
    const [stop, tp1, tp2, ...rest] = placements(fill.effects)
    expect(rest).toHaveLength(0)
    expect(stop).toMatchObject({
      purpose: "stop",
      side: "sell",
      type: "stop",
      reduceOnly: true,
      triggerReference: "index"
    })
    expect(stop?.quantity.toString()).toBe("1")
    expect(stop?.triggerPrice?.toString()).toBe("95")
    expect(tp1).toMatchObject({ purpose: "tp1", type: "limit", reduceOnly: true })
    expect([tp1?.quantity.toString(), tp1?.limitPrice?.toString()]).toEqual(["0.4", "105"])
    expect([tp2?.quantity.toString(), tp2?.limitPrice?.toString()]).toEqual(["0.4", "110"])
    expect(new Set([entry, stop, tp1, tp2].map((r) => r?.clientOrderId)).size).toBe(4)
  })

  it("a short's stop and targets sit on the other side", () => {
    const { record, entry } = pending("short")
    const fill = apply(record, filled(entry, 1, 100))
    const [stop, tp1] = placements(fill.effects)
    expect(entry.side).toBe("sell")
    expect([stop?.side, stop?.triggerPrice?.toString(), tp1?.limitPrice?.toString()]).toEqual(["buy", "105", "95"])
  })

  it("the same fill applied twice changes nothing", () => {
    const { record, entry } = pending()
    const event = filled(entry, 1, 100)
    const once = apply(record, event)
    const twice = apply(once.record, event)
    expect(once.processedEventId).toBe(`fill:fill-${entry.clientOrderId}-1`)
    expect(twice.record).toBe(once.record)
    expect(twice.effects).toEqual([])
    expect(twice.processedEventId).toBeUndefined()
  })

  it("partial fills resize the stop by atomic replacement and size the TPs from the filled total", () => {
    const { record, entry } = pending()
    const first = apply(record, filled(entry, "0.4", 100))
    const [stop] = placements(first.effects)
    expect(placements(first.effects)).toHaveLength(1)
    expect(stop?.quantity.toString()).toBe("0.4")
    // A second fill while the first stop is in flight waits for its acknowledgement.
    const second = apply(first.record, filled(entry, "0.2", 101))
    expect(second.effects).toEqual([])
    const stopAck = apply(second.record, accepted(stop!))
    const [replacement] = placements(stopAck.effects)
    expect(replacement).toMatchObject({ purpose: "replace-stop" })
    expect(replacement?.quantity.toString()).toBe("0.6")
    expect(cancels(stopAck.effects)).toEqual([])
    const replaced = apply(stopAck.record, accepted(replacement!))
    expect(cancels(replaced.effects)).toEqual([stop!.clientOrderId])
    // The IOC entry ends partially filled: the ladder is sized from 0.6.
    const done = apply(replaced.record, closed(entry, "cancelled", "0.6"))
    expect(done.record.state).toBe("OPEN")
    const ladder = placements(done.effects)
    expect(ladder.map((r) => [r.purpose, r.quantity.toString()])).toEqual([
      ["tp1", "0.24"],
      ["tp2", "0.24"]
    ])
  })

  it("an entry rejected or cancelled unfilled ends CANCELLED without orders", () => {
    const a = pending()
    const rejectedEntry = apply(a.record, rejected(a.entry, "insufficientAvailableFunds"))
    expect(rejectedEntry.record.state).toBe("CANCELLED")
    expect(rejectedEntry.effects).toEqual([])
    const b = pending()
    const cancelled = apply(b.record, closed(b.entry, "expired", 0))
    expect(cancelled.record.state).toBe("CANCELLED")
    expect(cancelled.record.closedAt).toBeDefined()
  })

  it("a cancel reporting an unseen fill is deferred until the fill is replayed", () => {
    const { record, entry } = pending()
    const cancel = closed(entry, "cancelled", "0.5")
    const early = apply(record, cancel)
    expect(early.record).toBe(record)
    expect(early.processedEventId).toBeUndefined()
    expect(tags(early.effects)).toEqual(["ReplayFills"])
    const fill = apply(record, filled(entry, "0.5", 100))
    const late = apply(fill.record, cancel)
    expect(late.record.state).toBe("OPEN")
    expect(late.processedEventId).toBe(`cancelled:${entry.clientOrderId}`)
  })

  it("CancelEntry withdraws a pending entry; a fill racing the cancel still opens the position", () => {
    const { record, entry } = pending()
    const cancelling = apply(record, cancelEntry())
    expect(cancelling.record.state).toBe("CANCEL_PENDING")
    expect(cancels(cancelling.effects)).toEqual([entry.clientOrderId])
    const raced = apply(cancelling.record, filled(entry, "0.3", 100))
    expect(raced.record.state).toBe("OPEN")
    expect(placements(raced.effects)[0]?.purpose).toBe("stop")
    const other = pending()
    const withdrawn = apply(apply(other.record, cancelEntry()).record, closed(other.entry, "cancelled", 0))
    expect(withdrawn.record.state).toBe("CANCELLED")
  })

  it("refuses commands that do not apply in the state", () => {
    const { record } = pending()
    expect(reject(record, moveStop(97))._tag).toBe("InvalidTransition")
    expect(reject(openLong().record, cancelEntry())._tag).toBe("InvalidTransition")
  })

  it("a fill for an unknown order is refused, not guessed", () => {
    const { record } = openLong()
    const other = pending().entry
    const stray = filled({ ...other, clientOrderId: ClientOrderId.make("not-ours-1") }, 1, 100)
    expect(reject(record, stray).message).toContain("matches no order")
  })
})
