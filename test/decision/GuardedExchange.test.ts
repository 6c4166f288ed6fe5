import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Logger, Option, Ref, TestClock } from "effect"
import { guardedExchange, makeCircuitBreaker } from "../../src/decision/GuardedExchange.ts"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import {
  type OrderEntryError,
  OrderRejected,
  RateLimited,
  Transient,
  UnknownResult
} from "../../src/exchange/ExchangeErrors.ts"
import { apiBreakerParams } from "../../src/safety/CircuitBreaker.ts"
import { d } from "./DecisionFixtures.ts"

// The shipped values: 5 transient failures or 2 rate limits open it; 60 s to the probe.
const params = apiBreakerParams({
  circuit_breaker_failure_threshold: 5,
  circuit_breaker_rate_limit_threshold: 2,
  circuit_breaker_cooldown_seconds: 60
})

/** A venue call that fails with `error` (or succeeds with none) and counts how often it really ran. */
const scripted = Effect.gen(function* () {
  const calls = yield* Ref.make(0)
  const call = (error?: OrderEntryError) =>
    Effect.zipRight(
      Ref.update(calls, (n) => n + 1),
      error === undefined ? Effect.succeed("ok") : Effect.fail(error)
    )
  return { calls, call }
})

const transient = new Transient({ operation: "positions", reason: "ECONNRESET" })
const isOpenError = (e: unknown) => e instanceof Transient && e.reason.includes("circuit breaker open")

describe("circuit breaker around exchange calls (§8.7)", () => {
  it.effect("opens after 5 transient failures and then fails fast without calling the venue", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { calls, call } = yield* scripted
      for (let i = 0; i < 5; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      expect(yield* breaker.isOpen).toBe(true)
      const refused = yield* Effect.flip(breaker.guard("positions", call()))
      expect(isOpenError(refused)).toBe(true)
      expect(refused.message).toContain("positions")
      expect(yield* Ref.get(calls)).toBe(5)
    })
  )

  it.effect("a success in between resets the count; business errors never count", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { call } = yield* scripted
      const rejected = new OrderRejected({ operation: "placeOrder", reason: "invalid size" })
      for (let i = 0; i < 4; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      yield* breaker.guard("positions", call())
      for (let i = 0; i < 4; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      for (let i = 0; i < 10; i++) yield* Effect.flip(breaker.guard("placeOrder", call(rejected)))
      expect(yield* breaker.isOpen).toBe(false)
      expect((yield* breaker.state)._tag).toBe("Closed")
    })
  )

  it.effect("two rate limits open it; a timed-out order counts as transient", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { call } = yield* scripted
      const limited = new RateLimited({ operation: "placeOrder", reason: "429" })
      yield* Effect.flip(breaker.guard("placeOrder", call(limited)))
      expect(yield* breaker.isOpen).toBe(false)
      yield* Effect.flip(breaker.guard("placeOrder", call(limited)))
      expect(yield* breaker.isOpen).toBe(true)

      const other = yield* makeCircuitBreaker(params)
      const timeout = new UnknownResult({ operation: "placeOrder", reason: "timeout" })
      for (let i = 0; i < 5; i++) yield* Effect.flip(other.guard("placeOrder", call(timeout)))
      expect(yield* other.isOpen).toBe(true)
    })
  )

  it.effect("our own order budget's refusals never reached the venue: they neither open it nor use up a probe", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { call } = yield* scripted
      const budget = new RateLimited({ operation: "placeOrder", reason: "order-entry budget exhausted", local: true })
      for (let i = 0; i < 5; i++) yield* Effect.flip(breaker.guard("placeOrder", call(budget)))
      expect((yield* breaker.state)._tag).toBe("Closed")

      for (let i = 0; i < 5; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      yield* TestClock.adjust("60 seconds")
      yield* Effect.flip(breaker.guard("placeOrder", call(budget)))
      // The refused probe is released: the next call probes, and its success closes the breaker
      expect(yield* breaker.isOpen).toBe(false)
      expect(yield* breaker.guard("positions", call())).toBe("ok")
      expect((yield* breaker.state)._tag).toBe("Closed")
    })
  )

  it.effect("the call that opens it is logged with its error", () =>
    Effect.gen(function* () {
      const logged: Array<string> = []
      const logger = Logger.make(({ message }) => {
        logged.push(String(message))
      })
      const breaker = yield* makeCircuitBreaker(params)
      const { call } = yield* scripted
      const limited = new RateLimited({ operation: "placeOrder", reason: "EAPI:Rate limit exceeded" })
      yield* Effect.flip(breaker.guard("placeOrder", call(limited))).pipe(
        Effect.zipRight(Effect.flip(breaker.guard("amendOrder", call(limited)))),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      expect(logged).toEqual([
        "exchange API circuit breaker opened by amendOrder: placeOrder rate limited: EAPI:Rate limit exceeded"
      ])
    })
  )

  it.effect("after the cooldown exactly one probe goes out; its success closes the breaker", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { calls, call } = yield* scripted
      for (let i = 0; i < 5; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      yield* TestClock.adjust("59 seconds")
      expect(isOpenError(yield* Effect.flip(breaker.guard("positions", call())))).toBe(true)
      yield* TestClock.adjust("1 second")
      expect(yield* breaker.isOpen).toBe(false)

      const release = yield* Deferred.make<void>()
      const probe = yield* Effect.fork(breaker.guard("positions", Effect.zipRight(Deferred.await(release), call())))
      yield* Effect.yieldNow()
      // While the probe is out, every other call fails fast (the original let them all through).
      expect(isOpenError(yield* Effect.flip(breaker.guard("account", call())))).toBe(true)
      yield* Deferred.succeed(release, undefined)
      expect(yield* Fiber.join(probe)).toBe("ok")
      expect((yield* breaker.state)._tag).toBe("Closed")
      expect(yield* breaker.guard("account", call())).toBe("ok")
      expect(yield* Ref.get(calls)).toBe(7)
    })
  )

  it.effect("a failed probe reopens it for another full cooldown; an interrupted probe does not wedge it", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const { call } = yield* scripted
      for (let i = 0; i < 5; i++) yield* Effect.flip(breaker.guard("positions", call(transient)))
      yield* TestClock.adjust("60 seconds")
      yield* Effect.flip(breaker.guard("positions", call(transient)))
      yield* TestClock.adjust("30 seconds")
      expect(yield* breaker.isOpen).toBe(true)
      yield* TestClock.adjust("30 seconds")

      const stuck = yield* Effect.fork(breaker.guard("positions", Effect.never))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(stuck)
      expect((yield* breaker.state)._tag).toBe("Open")
      yield* TestClock.adjust("60 seconds")
      expect(yield* breaker.guard("positions", call())).toBe("ok")
    })
  )

  it.effect("the guarded exchange shares one breaker across venue calls; local state reads pass through", () =>
    Effect.gen(function* () {
      const breaker = yield* makeCircuitBreaker(params)
      const venueCalls = yield* Ref.make(0)
      const down = Effect.zipRight(
        Ref.update(venueCalls, (n) => n + 1),
        Effect.fail(transient)
      )
      const unused = Effect.dieMessage("not used by this test")
      const symbol = FuturesSymbol.make("PF_XBTUSD")
      const inner: ExchangeService = {
        contracts: unused,
        watchTickers: () => Effect.void,
        ticker: () =>
          Effect.succeed({
            symbol,
            bid: d(1),
            ask: d(1),
            last: d(1),
            markPrice: Option.none(),
            indexPrice: Option.none(),
            fundingRate: Option.none(),
            volume24h: Option.none(),
            receivedAt: 0
          }),
        account: unused,
        positions: Effect.fail(transient),
        openOrders: unused,
        orderByClientId: () => unused,
        placeOrder: (request) =>
          Effect.succeed({ clientOrderId: request.clientOrderId, orderId: ExchangeOrderId.make("venue-1") }),
        amendOrder: () => unused,
        cancelOrder: () => down,
        cancelAll: unused,
        refreshDeadMansSwitch: () => unused,
        events: unused
      }
      const exchange = guardedExchange(inner, breaker)
      // A feed that is not synced yet answers state reads with Transient: that is not an API failure
      for (let i = 0; i < 5; i++) yield* Effect.flip(exchange.positions)
      expect(yield* breaker.isOpen).toBe(false)
      const venueOrder = { orderId: ExchangeOrderId.make("venue-0") }
      for (let i = 0; i < 5; i++) yield* Effect.flip(exchange.cancelOrder(venueOrder))
      expect(yield* breaker.isOpen).toBe(true)
      const order = {
        clientOrderId: ClientOrderId.make("00000000-0000-8000-8000-000000000001"),
        symbol,
        side: "buy" as const,
        type: "market" as const,
        quantity: d(1),
        reduceOnly: false,
        postOnly: false
      }
      expect(isOpenError(yield* Effect.flip(exchange.placeOrder(order)))).toBe(true)
      expect(isOpenError(yield* Effect.flip(exchange.positions))).toBe(false)
      expect((yield* exchange.ticker(symbol)).last.toString()).toBe("1")
      expect(yield* Ref.get(venueCalls)).toBe(5)
    })
  )
})
