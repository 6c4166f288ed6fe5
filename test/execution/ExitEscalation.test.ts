import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Ref } from "effect"
import { ExchangeOrderId } from "../../src/domain/Order.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import type { ExecutionAlert } from "../../src/execution/EffectInterpreter.ts"
import { exitAttempts, exitEscalation } from "../../src/execution/ExitEscalation.ts"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import type { PositionEvent } from "../../src/execution/PositionEvent.ts"
import { accepted, apply, cancels, closed, filled, openLong, placements, reject, requestExit, T0 } from "./fixtures.ts"
import { flat, scriptedSim, stopsOn } from "./InProcessRig.ts"
import { freshStorage, openedThroughExecutor, openInput, supervisedLayer, tempRegistryFile, until } from "./SimRig.ts"

const SETTINGS = { timeoutMs: 60_000, maxAttempts: 3 }
let commands = 0
const escalate = (): PositionEvent => ({ _tag: "EscalateExit", commandId: `escalate-${++commands}`, at: T0 + commands })

/** A long of 1 whose close was requested and acknowledged. */
const exiting = () => {
  const { record } = openLong()
  const exit = apply(record, requestExit())
  const [request] = placements(exit.effects)
  return { record: apply(exit.record, accepted(request!)).record, exit: request! }
}

describe("exit-pending escalation (pure, trading-core §6.6)", () => {
  it("waits for the timeout, then resends at the next level, and quarantines once the attempts are spent", () => {
    const { record } = exiting()
    expect(exitEscalation(record, T0, T0 + 59_999, SETTINGS)).toEqual({ _tag: "Wait" })
    expect(exitEscalation(record, T0, T0 + 60_000, SETTINGS)).toEqual({ _tag: "Resend", level: "aggressive" })
    const second = apply(record, escalate()).record
    expect(exitEscalation(second, T0, T0 + 60_000, SETTINGS)).toEqual({ _tag: "Resend", level: "emergency" })
    const third = apply(second, escalate()).record
    expect(ordersWithRole(third, "exit").length).toBe(3)
    expect(exitEscalation(third, T0, T0 + 60_000, SETTINGS)).toEqual({ _tag: "Quarantine" })
    expect(exitEscalation(third, T0, T0 + 1_000, SETTINGS)).toEqual({ _tag: "Wait" })
    const { record: open } = openLong()
    expect(exitEscalation(open, T0, T0 + 600_000, SETTINGS)).toEqual({ _tag: "Wait" })
  })

  it("an escalated close is a new reduce-only market order for the remaining size; the old one is cancelled", () => {
    const { record, exit } = exiting()
    const partly = apply(record, filled(exit, "0.3", 101)).record
    const escalated = apply(partly, escalate())
    const [resent, ...others] = placements(escalated.effects)
    expect(others).toEqual([])
    expect(resent).toMatchObject({ purpose: "exit", type: "market", side: "sell", reduceOnly: true })
    expect(resent!.quantity.toString()).toBe("0.7")
    expect(cancels(escalated.effects)).toEqual([exit.clientOrderId])
    // The old close's cancellation does not end the exit while the new one is live
    const oldGone = apply(escalated.record, closed(exit, "cancelled", "0.3")).record
    expect(oldGone.state).toBe("EXIT_PENDING")
    const done = apply(apply(oldGone, accepted(resent!)).record, filled(resent!, "0.7", 100))
    expect([done.record.state, done.record.exitReason]).toEqual(["CLOSED", "strategic_close"])
  })

  it("a new close counts only its own attempts: earlier closes that gave up do not hasten its quarantine", () => {
    const { record: pending, exit } = exiting()
    const rested = apply(pending, closed(exit, "cancelled", 0)).record
    const second = apply(rested, requestExit())
    const [secondExit] = placements(second.effects)
    const third = apply(second.record, escalate())
    const [thirdExit] = placements(third.effects)
    const rested2 = [secondExit!, thirdExit!].reduce((r, o) => apply(r, closed(o, "cancelled", 0)).record, third.record)
    expect(rested2.state).toBe("OPEN")
    const again = apply(rested2, requestExit()).record
    expect(ordersWithRole(again, "exit").length).toBe(4)
    expect(exitAttempts(again)).toBe(1)
    expect(exitEscalation(again, T0, T0 + 60_000, SETTINGS)).toEqual({ _tag: "Resend", level: "aggressive" })
  })

  it("only a pending exit escalates, and a close that ends unfilled with nothing else live rests again", () => {
    const { record } = openLong()
    expect(reject(record, escalate())._tag).toBe("InvalidTransition")
    const { record: pending, exit } = exiting()
    expect(apply(pending, closed(exit, "cancelled", 0)).record.state).toBe("OPEN")
  })
})

/** The venue acknowledges the first `count` closes (reduce-only market orders) and never carries them out. */
const swallowingCloses = (real: ExchangeService, count: number) =>
  Effect.map(
    Ref.make(0),
    (swallowed): ExchangeService => ({
      ...real,
      placeOrder: (request) =>
        request.type === "market" && request.reduceOnly
          ? Effect.flatMap(
              Ref.getAndUpdate(swallowed, (n) => n + 1),
              (n) =>
                n < count
                  ? Effect.succeed({
                      clientOrderId: request.clientOrderId,
                      orderId: ExchangeOrderId.make(`swallowed-${n}`)
                    })
                  : real.placeOrder(request)
            )
          : real.placeOrder(request)
    })
  )

const FLAT = flat(50_000, 8)
const FAST = { exitEscalation: { timeoutMs: 500, maxAttempts: 3 } }

describe("exit-pending escalation against the in-process simulator", () => {
  it.scopedLive("a close that never executes: aggressive, emergency, then quarantine; the stop stays", () =>
    Effect.gen(function* () {
      const { venue, exchange: real } = yield* scriptedSim(FLAT)
      const exchange = yield* swallowingCloses(real, 99)
      const alerts = yield* Ref.make<ReadonlyArray<ExecutionAlert>>([])
      const onAlert = (alert: ExecutionAlert) => Ref.update(alerts, (all) => [...all, alert])
      yield* Effect.gen(function* () {
        const { registry, executor, input } = yield* openedThroughExecutor(venue)
        yield* until(Effect.map(stopsOn(real), (stops) => stops.length === 1))
        yield* executor.requestExit(input.positionId, "strategic_close")
        const upkeep = Effect.map(executor.upkeep, (u) => [u.exitsEscalated.length, u.quarantined.length])
        expect(yield* upkeep).toEqual([0, 0])
        const levels: Array<ReadonlyArray<number>> = []
        for (let i = 0; i < 4; i++) {
          yield* Effect.sleep("550 millis")
          levels.push(yield* upkeep)
        }
        expect(levels).toEqual([
          [1, 0],
          [1, 0],
          [0, 1],
          [0, 1]
        ])
        const record = yield* Effect.flatMap(registry.get(input.positionId), Effect.orDie)
        expect(record.state).toBe("EXIT_PENDING")
        expect(ordersWithRole(record, "exit").map((o) => o.quantity.toString())).toEqual(["0.01", "0.01", "0.01"])
        expect(yield* Ref.get(alerts)).toEqual([
          { _tag: "ExitQuarantined", positionId: input.positionId, symbol: input.symbol, attempts: 3 }
        ])
        // Quarantined: the position keeps its stop on the venue and its symbol takes no new entry
        expect((yield* real.positions).map((p) => p.size.toString())).toEqual(["0.01"])
        expect((yield* stopsOn(real)).length).toBe(1)
        const again = yield* Effect.either(executor.open(yield* openInput(venue, "long")))
        expect(Either.isLeft(again) && again.left._tag).toBe("EntryRefused")
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage(), {}, { ...FAST, onAlert })))
    })
  )

  it.scopedLive("the aggressive resend reaches the venue: the position closes and nothing more is sent", () =>
    Effect.gen(function* () {
      const { venue, exchange: real } = yield* scriptedSim(FLAT)
      const exchange = yield* swallowingCloses(real, 1)
      yield* Effect.gen(function* () {
        const { registry, executor, input } = yield* openedThroughExecutor(venue)
        yield* until(Effect.map(stopsOn(real), (stops) => stops.length === 1))
        yield* executor.requestExit(input.positionId, "strategic_close")
        yield* Effect.sleep("550 millis")
        expect((yield* executor.upkeep).exitsEscalated).toEqual([input.positionId])
        yield* until(Effect.map(registry.get(input.positionId), (r) => r._tag === "Some" && r.value.state === "CLOSED"))
        const record = yield* Effect.flatMap(registry.get(input.positionId), Effect.orDie)
        expect(record.exitReason).toBe("strategic_close")
        expect(yield* real.positions).toEqual([])
        yield* until(Effect.map(stopsOn(real), (stops) => stops.length === 0))
        yield* Effect.sleep("550 millis")
        expect((yield* executor.upkeep).exitsEscalated).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage(), {}, FAST)))
    })
  )
})
