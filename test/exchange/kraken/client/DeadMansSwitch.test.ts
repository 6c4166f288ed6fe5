import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope, TestClock } from "effect"
import { Exchange, type ExchangeService } from "../../../../src/exchange/Exchange.ts"
import { Transient } from "../../../../src/exchange/ExchangeErrors.ts"
import { keepDeadMansSwitch } from "../../../../src/exchange/kraken/DeadMansSwitch.ts"
import { eventually } from "../../../support/kraken/Await.ts"
import { harness } from "./KrakenExchangeSupport.ts"

const unused = Effect.dieMessage("not used by the dead man's switch")

/** An Exchange that only records dead man's switch calls (and fails the ones `failing` picks). */
const recordingExchange = (calls: Array<number>, failing: (n: number) => boolean = () => false) =>
  Layer.succeed(Exchange, {
    contracts: unused,
    watchTickers: () => unused,
    ticker: () => unused,
    account: unused,
    positions: unused,
    openOrders: unused,
    orderByClientId: () => unused,
    placeOrder: () => unused,
    amendOrder: () => unused,
    cancelOrder: () => unused,
    cancelAll: unused,
    events: unused,
    refreshDeadMansSwitch: (timeoutSeconds: number) =>
      Effect.suspend(() => {
        calls.push(timeoutSeconds)
        return failing(calls.length)
          ? Effect.fail(new Transient({ operation: "refreshDeadMansSwitch", reason: "not connected" }))
          : Effect.void
      })
  } satisfies ExchangeService)

describe("keepDeadMansSwitch", () => {
  it.effect("K63 arms at once, refreshes every interval, survives a failed refresh, disarms on clean close", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 }).pipe(
        Scope.extend(scope),
        Effect.provide(recordingExchange(calls, (n) => n === 2))
      )
      expect(calls).toEqual([60])
      yield* TestClock.adjust("14 seconds")
      expect(calls).toEqual([60])
      yield* TestClock.adjust("1 second")
      expect(calls).toEqual([60, 60])
      yield* TestClock.adjust("30 seconds")
      expect(calls).toEqual([60, 60, 60, 60])
      yield* Scope.close(scope, Exit.void)
      expect(calls).toEqual([60, 60, 60, 60, 0])
      yield* TestClock.adjust("1 minute")
      expect(calls).toHaveLength(5)
    })
  )

  it.effect("K64 a scope closing with a failure leaves the switch armed", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "10 seconds", timeoutSeconds: 30 }).pipe(
        Scope.extend(scope),
        Effect.provide(recordingExchange(calls))
      )
      yield* Scope.close(scope, Exit.fail("tick loop crashed"))
      yield* TestClock.adjust("1 minute")
      expect(calls).toEqual([30])
    })
  )

  it.effect("K65 an interval not shorter than the timeout is refused", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.scoped(keepDeadMansSwitch({ every: "60 seconds", timeoutSeconds: 60 })).pipe(
          Effect.provide(recordingExchange([]))
        )
      )
      expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(/must be shorter than its 60 s timeout/)
    })
  )

  it.scopedLive("K66 over the Unified WebSocket: cancel_all_orders_after is refreshed, then sent with 0", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "50 millis", timeoutSeconds: 5 }).pipe(
        Scope.extend(scope),
        Effect.provideService(Exchange, h.exchange)
      )
      yield* eventually(() => h.sent("cancel_all_orders_after").length >= 3)
      yield* Scope.close(scope, Exit.void)
      const timeouts = h.sent("cancel_all_orders_after").map((p) => p.timeout)
      expect(timeouts.slice(0, 3)).toEqual([5, 5, 5])
      expect(timeouts.at(-1)).toBe(0)
      expect(h.venue.deadMansSwitch).toBe(0)
    })
  )
})
