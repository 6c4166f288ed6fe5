import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Exit, Fiber, Layer, Scope, TestClock } from "effect"
import { Exchange, type ExchangeService } from "../../../../src/exchange/Exchange.ts"
import { Transient } from "../../../../src/exchange/ExchangeErrors.ts"
import { keepDeadMansSwitch } from "../../../../src/exchange/kraken/DeadMansSwitch.ts"
import { eventually } from "../../../support/kraken/Await.ts"
import { harness } from "./KrakenExchangeSupport.ts"

const unused = Effect.dieMessage("not used by the dead man's switch")

/**
 * An Exchange that only records dead man's switch calls and their times (and fails the ones `failing` picks, or dies
 * on those `dying` picks).
 */
const recordingExchange = (
  calls: Array<number>,
  failing: (n: number, now: number) => boolean = () => false,
  times: Array<number> = [],
  dying: (n: number) => boolean = () => false
) =>
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
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        calls.push(timeoutSeconds)
        times.push(now)
        if (dying(calls.length)) return Effect.dieMessage("bug in the refresh")
        return failing(calls.length, now)
          ? Effect.fail(new Transient({ operation: "refreshDeadMansSwitch", reason: "not connected" }))
          : Effect.void
      })
  } satisfies ExchangeService)

describe("keepDeadMansSwitch", () => {
  it.effect("K63 arms at once, refreshes every interval, retries a failed refresh soon, disarms on clean close", () =>
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
      // The failed refresh is tried again 250 ms later, not an interval later; the interval then counts from there
      yield* TestClock.adjust("250 millis")
      expect(calls).toEqual([60, 60, 60])
      yield* TestClock.adjust("14 seconds")
      expect(calls).toHaveLength(3)
      yield* TestClock.adjust("1 second")
      expect(calls).toEqual([60, 60, 60, 60])
      yield* Scope.close(scope, Exit.void)
      expect(calls).toEqual([60, 60, 60, 60, 0])
      yield* TestClock.adjust("1 minute")
      expect(calls).toHaveLength(5)
    })
  )

  it.effect("K96 a first arming refused for longer than an interval is retried without a gap, then refreshed", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      const times: Array<number> = []
      const scope = yield* Scope.make()
      // The venue refuses the switch for its first 20 s (the private feed still connecting, say)
      const starting = yield* keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 }).pipe(
        Scope.extend(scope),
        Effect.provide(recordingExchange(calls, (_, now) => now < 20_000, times)),
        Effect.fork
      )
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(starting)
      const armedAt = times.findIndex((t) => t >= 20_000)
      const gaps = times.slice(1, armedAt + 1).map((t, i) => t - (times[i] ?? 0))
      // Never more than a quarter interval between two attempts, also across the end of the first interval
      expect(Math.max(...gaps)).toBeLessThanOrEqual(3_750)
      expect(times[armedAt]).toBeLessThan(20_000 + 3_750)
      // Once armed, pushed back every interval again
      expect(times.slice(armedAt + 1)).toEqual([(times[armedAt] ?? 0) + 15_000, (times[armedAt] ?? 0) + 30_000])
      yield* Scope.close(scope, Exit.void)
      expect(calls.at(-1)).toBe(0)
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

  it.effect("K100 a refresh round that dies is logged and the refreshes go on", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 }).pipe(
        Scope.extend(scope),
        Effect.provide(recordingExchange(calls, undefined, undefined, (n) => n === 2))
      )
      yield* TestClock.adjust("15 seconds")
      expect(calls).toEqual([60, 60])
      // The round that died counts as failed throughout: the next comes a quarter interval later, then every interval
      yield* TestClock.adjust("3750 millis")
      expect(calls).toEqual([60, 60, 60])
      yield* TestClock.adjust("15 seconds")
      expect(calls).toEqual([60, 60, 60, 60])
      yield* Scope.close(scope, Exit.void)
      expect(calls.at(-1)).toBe(0)
    })
  )

  it.effect("K101 a refused disarm is retried every 250 ms, for at most 5 s", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      const times: Array<number> = []
      const disarms = () => calls.filter((c) => c === 0).length
      // The first two disarms refused (the private feed reconnecting), the third taken
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 }).pipe(
        Scope.extend(scope),
        Effect.provide(recordingExchange(calls, () => calls.at(-1) === 0 && disarms() <= 2, times))
      )
      const closing = yield* Effect.fork(Scope.close(scope, Exit.void))
      yield* TestClock.adjust("500 millis")
      yield* Fiber.join(closing)
      expect(calls).toEqual([60, 0, 0, 0])
      expect(times).toEqual([0, 0, 250, 500])

      // Refused throughout: given up after 5 s, the close then completes
      const stuck: Array<number> = []
      const other = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 }).pipe(
        Scope.extend(other),
        Effect.provide(recordingExchange(stuck, () => stuck.at(-1) === 0))
      )
      const giving = yield* Effect.fork(Scope.close(other, Exit.void))
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(giving)
      // Tried at 0, 250 ms, ..., 5 s
      expect(stuck.filter((c) => c === 0)).toHaveLength(21)
      yield* TestClock.adjust("1 minute")
      expect(stuck.filter((c) => c === 0)).toHaveLength(21)
    })
  )

  it.effect("K102 a start-up interrupted while its arming is retried disarms the switch", () =>
    Effect.gen(function* () {
      const calls: Array<number> = []
      // Arming refused (its answer lost, say): the first round is still retrying when the start-up is interrupted
      const starting = yield* Effect.scoped(keepDeadMansSwitch({ every: "15 seconds", timeoutSeconds: 60 })).pipe(
        Effect.provide(recordingExchange(calls, () => calls.at(-1) !== 0)),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      expect(calls.every((c) => c === 60)).toBe(true)
      yield* Fiber.interrupt(starting)
      expect(calls.at(-1)).toBe(0)
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

  it.scopedLive(
    "K103 over the Unified WebSocket: a disarm refused while the feed reconnects is retried until taken",
    () =>
      Effect.gen(function* () {
        let refusedDisarms = 0
        const h = yield* harness({
          intercept: (frame) => {
            const params = frame.params as { readonly timeout?: number } | undefined
            if (frame.method !== "cancel_all_orders_after" || params?.timeout !== 0 || refusedDisarms >= 3)
              return undefined
            refusedDisarms++
            return [{ method: frame.method, req_id: frame.req_id, success: false, error: "EService:Unavailable" }]
          }
        })
        const scope = yield* Scope.make()
        yield* keepDeadMansSwitch({ every: "1 second", timeoutSeconds: 5 }).pipe(
          Scope.extend(scope),
          Effect.provideService(Exchange, h.exchange)
        )
        expect(h.venue.deadMansSwitch).toBe(5)
        yield* Scope.close(scope, Exit.void)
        expect(refusedDisarms).toBe(3)
        expect(h.venue.deadMansSwitch).toBe(0)
      })
  )

  it.scopedLive(
    "K104 over the Unified WebSocket: an arming whose answer never comes, start-up interrupted, is disarmed",
    () =>
      Effect.gen(function* () {
        // The venue takes the arming but never answers it; the disarm it answers
        const h = yield* harness({
          intercept: (frame, venue) => {
            const params = frame.params as { readonly timeout?: number } | undefined
            if (frame.method !== "cancel_all_orders_after" || params?.timeout === 0) return undefined
            venue.deadMansSwitch = Number(params?.timeout)
            return []
          }
        })
        const starting = yield* Effect.scoped(keepDeadMansSwitch({ every: "1 second", timeoutSeconds: 5 })).pipe(
          Effect.provideService(Exchange, h.exchange),
          Effect.fork
        )
        yield* eventually(() => h.venue.deadMansSwitch === 5)
        yield* Fiber.interrupt(starting)
        expect(h.venue.deadMansSwitch).toBe(0)
      })
  )

  it.scopedLive("K97 over the Unified WebSocket: a refused first arming is retried within a quarter interval", () =>
    Effect.gen(function* () {
      // The venue refuses cancel_all_orders_after for 1.5 s, longer than the 1 s interval
      const attempts: Array<number> = []
      const startedAt = Date.now()
      const h = yield* harness({
        intercept: (frame) => {
          if (frame.method !== "cancel_all_orders_after") return undefined
          attempts.push(Date.now())
          return Date.now() - startedAt < 1_500
            ? [{ method: frame.method, req_id: frame.req_id, success: false, error: "EService:Unavailable" }]
            : undefined
        }
      })
      const scope = yield* Scope.make()
      yield* keepDeadMansSwitch({ every: "1 second", timeoutSeconds: 5 }).pipe(
        Scope.extend(scope),
        Effect.provideService(Exchange, h.exchange)
      )
      yield* eventually(() => h.venue.deadMansSwitch === 5)
      const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? 0))
      // At most a quarter interval (plus loopback latency) between attempts, never a whole interval
      expect(attempts.length).toBeGreaterThan(3)
      expect(Math.max(...gaps)).toBeLessThan(500)
      yield* Scope.close(scope, Exit.void)
      expect(h.venue.deadMansSwitch).toBe(0)
    })
  )
})
