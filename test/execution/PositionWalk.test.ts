import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ExchangeOrderId } from "../../src/domain/Order.ts"
import { isTerminalState } from "../../src/domain/Position.ts"
import { Random } from "../../src/domain/Random.ts"
import { isLive, type ManagedPosition, remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import type { PositionEvent } from "../../src/execution/PositionEvent.ts"
import { transition } from "../../src/execution/PositionMachine.ts"
import { d, pending, T0 } from "./fixtures.ts"

/** A venue-consistent next event: fills never exceed the order, reduce-only fills never exceed the position. */
const nextEvent = (p: ManagedPosition, rng: Random, n: number): PositionEvent | undefined => {
  const at = T0 + n * 1_000
  const live = p.orders.filter(isLive)
  const roll = rng.float()
  if (roll < 0.08)
    return {
      _tag: "MoveStop",
      commandId: `m${n}`,
      price: p.side === "long" ? p.stopTarget.plus(rng.int(1, 3)) : p.stopTarget.minus(rng.int(1, 3)),
      reason: "trailing",
      at
    }
  if (roll < 0.11) return { _tag: "RequestExit", commandId: `x${n}`, reason: "strategic_close", at }
  if (roll < 0.14)
    return {
      _tag: "QuantityObserved",
      observationId: `o${n}`,
      quantity: rng.float() < 0.5 ? d(0) : remainingQuantity(p).abs(),
      at
    }
  if (roll < 0.17) return { _tag: "BackfillTakeProfits", commandId: `b${n}`, mark: d(100), at }
  const oversized = p.orders.find(
    (o) => o.role === "stop" && o.status === "working" && o.quantity.gt(remainingQuantity(p))
  )
  if (roll < 0.19 && oversized !== undefined && remainingQuantity(p).gt(0))
    return { _tag: "OrderAmended", clientOrderId: oversized.clientOrderId, quantity: remainingQuantity(p), at }
  const order = live[rng.int(0, Math.max(0, live.length - 1))]
  if (order === undefined) return undefined
  const { clientOrderId } = order
  if (order.status === "requested") {
    return rng.float() < 0.85
      ? { _tag: "OrderAccepted", clientOrderId, orderId: ExchangeOrderId.make(`v-${clientOrderId}`), at }
      : { _tag: "OrderRejected", clientOrderId, reason: "random", at }
  }
  const open = order.quantity.minus(order.filled)
  const cap = order.role === "entry" ? open : Decimal.min(open, remainingQuantity(p))
  if (rng.float() < 0.3 || cap.lte(0))
    return { _tag: "OrderClosed", clientOrderId, status: "cancelled", filledQuantity: order.filled, at }
  const quantity = Decimal.max(d("0.001"), cap.times(rng.float()).toDecimalPlaces(3, Decimal.ROUND_DOWN))
  return {
    _tag: "OrderFilled",
    fillId: `f${n}`,
    clientOrderId,
    quantity: Decimal.min(quantity, cap),
    price: d(100),
    fee: d(0),
    at
  }
}

describe("random venue-consistent event walks", () => {
  it("never break an invariant, never duplicate a live take profit, and every applied event is idempotent", () => {
    let applied = 0
    const exercised = { backfills: 0, amends: 0 }
    const endStates = new Set<string>()
    for (let seed = 1; seed <= 150; seed++) {
      const rng = new Random(seed, "position-walk")
      let record = pending(seed % 2 === 0 ? "long" : "short").record
      for (let n = 1; n <= 40 && !isTerminalState(record.state); n++) {
        const event = nextEvent(record, rng, n)
        if (event === undefined) break
        const result = transition(record, event)
        if (Either.isLeft(result)) {
          expect(result.left._tag, `seed ${seed} step ${n}: ${result.left.message}`).toBe("InvalidTransition")
          continue
        }
        const again = transition(result.right.record, event)
        expect(Either.isRight(again) && again.right.record === result.right.record).toBe(true)
        expect(Either.isRight(again) && again.right.effects.length).toBe(0)
        record = result.right.record
        applied += 1
        if (event._tag === "BackfillTakeProfits" && result.right.effects.length > 0) exercised.backfills += 1
        if (event._tag === "OrderAmended" && result.right.processedEventId !== undefined) exercised.amends += 1
        // The backfill never duplicates a live take profit.
        for (const role of ["tp1", "tp2"])
          expect(record.orders.filter((o) => o.role === role && isLive(o)).length).toBeLessThanOrEqual(1)
      }
      endStates.add(record.state)
    }
    expect(applied).toBeGreaterThan(1_000)
    expect(exercised.backfills).toBeGreaterThan(5)
    expect(exercised.amends).toBeGreaterThan(5)
    // The walks reach the endings that matter, not only the entry.
    expect([...endStates]).toEqual(expect.arrayContaining(["CLOSED", "CANCELLED", "ORPHANED", "PARTIAL"]))
  })
})
