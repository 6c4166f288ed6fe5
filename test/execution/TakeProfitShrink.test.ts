import { randomUUID } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { executionTick } from "../../src/execution/Execution.ts"
import { remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import type { PositionEffect } from "../../src/execution/PositionEffect.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { takeProfitShrink } from "../../src/execution/TakeProfitLadder.ts"
import {
  accepted,
  apply,
  cancels,
  closed,
  d,
  filled,
  observed,
  openLong,
  pending,
  placements,
  rejected,
  requestExit,
  T0
} from "./fixtures.ts"
import { flat, scriptedSim, stopsOn } from "./InProcessRig.ts"
import { freshStorage, openedThroughExecutor, supervisedLayer, tempRegistryFile, until, XBT } from "./SimRig.ts"

const described = (effects: ReadonlyArray<PositionEffect>) =>
  effects.map((e) =>
    e._tag === "AmendOrder"
      ? [e._tag, e.clientOrderId, e.quantity.toString()]
      : [e._tag, "clientOrderId" in e ? e.clientOrderId : ""]
  )

/** TP2 given up as unacknowledged and backfilled; the old TP2 then turns up on the venue and is cancelled. */
const lateDuplicateOfTp2 = () => {
  const { record, entry } = pending()
  const fill = apply(apply(record, accepted(entry)).record, filled(entry, 1, 100))
  const [stop, tp1, lostTp2] = placements(fill.effects)
  const r = apply(apply(apply(fill.record, accepted(stop!)).record, accepted(tp1!)).record, rejected(lostTp2!)).record
  const backfill = apply(r, { _tag: "BackfillTakeProfits", commandId: "backfill-1", mark: d(100), at: T0 + 9e5 })
  const [tp2] = placements(backfill.effects)
  const late = apply(backfill.record, accepted(lostTp2!))
  expect(cancels(late.effects)).toEqual([lostTp2!.clientOrderId])
  return { lateTp2: lostTp2!, tp2: tp2!, r: apply(late.record, accepted(tp2!)).record }
}

describe("take profits shrink with the position (pure)", () => {
  it("a ladder within the position is left alone", () => {
    expect(takeProfitShrink(openLong().record, DEFAULT_RULES)).toEqual([])
  })

  it("a smaller position amends the furthest TP down first", () => {
    const { record, tp2 } = openLong()
    const shrunk = apply(record, observed("0.5")).record
    expect(remainingQuantity(shrunk).toString()).toBe("0.5")
    expect(described(takeProfitShrink(shrunk, DEFAULT_RULES))).toEqual([["AmendOrder", tp2.clientOrderId, "0.1"]])
    const taken = apply(shrunk, {
      _tag: "OrderAmended",
      clientOrderId: tp2.clientOrderId,
      quantity: d("0.1"),
      at: T0 + 9e5
    })
    expect(takeProfitShrink(taken.record, DEFAULT_RULES)).toEqual([])
  })

  it("a TP that would fall below the venue minimum is cancelled and the next one amended", () => {
    const { record, tp1, tp2 } = openLong()
    const shrunk = apply(record, observed("0.3")).record
    expect(described(takeProfitShrink(shrunk, DEFAULT_RULES))).toEqual([
      ["CancelOrder", tp2.clientOrderId],
      ["AmendOrder", tp1.clientOrderId, "0.3"]
    ])
  })

  it("a partly filled TP keeps its filled part in the amended total", () => {
    const { record, tp1, tp2 } = openLong()
    const r = apply(apply(record, filled(tp1, "0.1", 105)).record, observed("0.2")).record
    expect(described(takeProfitShrink(r, DEFAULT_RULES))).toEqual([
      ["CancelOrder", tp2.clientOrderId],
      ["AmendOrder", tp1.clientOrderId, "0.3"]
    ])
  })

  it("nothing shrinks while a TP's cancel is in flight: the ladder stays whole when the cancel is confirmed", () => {
    const { lateTp2, r } = lateDuplicateOfTp2()
    // 1 held; TP1 0.4 and the new TP2 0.4 working, the old TP2's 0.4 being cancelled: wait for the venue's answer
    expect(takeProfitShrink(r, DEFAULT_RULES)).toEqual([])
    const confirmed = apply(r, closed(lateTp2, "cancelled", 0)).record
    expect(takeProfitShrink(confirmed, DEFAULT_RULES)).toEqual([])
  })

  it("a TP whose cancel lost the race to a fill: the position shrank, the working ladder is cut to it", () => {
    const { lateTp2, tp2, r } = lateDuplicateOfTp2()
    // The old TP2's 0.4 filled before its cancel: 0.6 left against TP1 0.4 + TP2 0.4
    const raced = apply(apply(r, filled(lateTp2, "0.4", 110)).record, closed(lateTp2, "filled", "0.4")).record
    expect(remainingQuantity(raced).toString()).toBe("0.6")
    expect(described(takeProfitShrink(raced, DEFAULT_RULES))).toEqual([["AmendOrder", tp2.clientOrderId, "0.2"]])
  })

  it("a partial fill of a close shrinks the ladder too", () => {
    const { record, tp1, tp2 } = openLong()
    const exiting = apply(record, requestExit())
    const [exit] = placements(exiting.effects)
    const partly = apply(apply(exiting.record, accepted(exit!)).record, filled(exit!, "0.7", 100)).record
    expect(partly.state).toBe("EXIT_PENDING")
    expect(described(takeProfitShrink(partly, DEFAULT_RULES))).toEqual([
      ["CancelOrder", tp2.clientOrderId],
      ["AmendOrder", tp1.clientOrderId, "0.3"]
    ])
  })
})

const takeProfitsOnVenue = (exchange: Parameters<typeof stopsOn>[0]) =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.symbol === XBT && o.type === "limit"))

describe("take profits shrink with the position against the in-process simulator", () => {
  it.scopedLive("a position reduced by hand: after reconciliation the upkeep brings the ladder within it", () =>
    Effect.gen(function* () {
      const { venue, exchange } = yield* scriptedSim(flat(50_000, 8))
      yield* Effect.gen(function* () {
        const { registry, input } = yield* openedThroughExecutor(venue)
        yield* until(Effect.map(takeProfitsOnVenue(exchange), (tps) => tps.length === 2))
        yield* until(Effect.map(stopsOn(exchange), (stops) => stops.length === 1))
        // 0.01 held, TPs 0.004 + 0.004: a hand close of 0.005 leaves 0.005
        yield* exchange.placeOrder({
          clientOrderId: ClientOrderId.make(randomUUID()),
          symbol: XBT,
          side: "sell",
          type: "market",
          quantity: new Decimal("0.005"),
          reduceOnly: true,
          postOnly: false
        })
        yield* executionTick
        const second = yield* executionTick
        expect(second.upkeep.takeProfitsShrunk).toEqual([input.positionId])
        yield* until(
          Effect.map(takeProfitsOnVenue(exchange), (tps) =>
            tps.reduce((total, o) => total.plus(o.quantity), new Decimal(0)).lte("0.005")
          )
        )
        const quantities = (yield* takeProfitsOnVenue(exchange)).map((o) => o.quantity.toString()).sort()
        expect(quantities).toEqual(["0.001", "0.004"])
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect(remainingQuantity(record).toString()).toBe("0.005")
        expect((yield* executionTick).upkeep.takeProfitsShrunk).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )
})
