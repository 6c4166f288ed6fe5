import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { guardedExchange, makeCircuitBreaker } from "../../src/decision/GuardedExchange.ts"
import { marginUsage } from "../../src/domain/AccountState.ts"
import { Decimal } from "../../src/domain/Money.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import { AuthFailed, RateLimited, Transient } from "../../src/exchange/ExchangeErrors.ts"
import { makeSimExchange } from "../../src/exchange/sim/inprocess/SimExchange.ts"
import { apiErrorKind, meteredExchange } from "../../src/monitoring/ExchangeMetrics.ts"
import { recordAccount } from "../../src/monitoring/Metrics.ts"
import { apiBreakerParams } from "../../src/safety/CircuitBreaker.ts"
import { at, makeContractVenue } from "../exchange/sim/contract/ContractSides.ts"
import { xbtOrder } from "../exchange/sim/contract/Scenarios.ts"
import { fetchPath, serveMonitoring } from "./MonitoringHttpFixtures.ts"
import { testOperator } from "./OperatorFixtures.ts"

const order = xbtOrder

// Shipped values: two rate limits open the breaker
const breakerParams = apiBreakerParams({
  circuit_breaker_failure_threshold: 5,
  circuit_breaker_rate_limit_threshold: 2,
  circuit_breaker_cooldown_seconds: 60
})

/** The samples of one metric family in a scrape, as `labels value` lines. */
const samples = (text: string, name: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => line.slice(name.length))

/**
 * Failures the simulator's in-process order entry never produces (its wire faults strike REST, not order entry):
 * these calls fail with the port's own typed errors before reaching it.
 */
const failingCalls = (sim: ExchangeService): ExchangeService => ({
  ...sim,
  amendOrder: () => Effect.fail(new Transient({ operation: "amendOrder", reason: "ECONNRESET" })),
  refreshDeadMansSwitch: () =>
    Effect.fail(new AuthFailed({ operation: "cancelAllOrdersAfter", reason: "EAPI:Invalid key" })),
  cancelAll: Effect.fail(new RateLimited({ operation: "cancelAll", reason: "EAPI:Rate limit exceeded" }))
})

describe("exchange metrics", () => {
  it("API errors are labelled by kind; venue refusals are order results, not API errors", () => {
    expect(apiErrorKind(new RateLimited({ operation: "placeOrder", reason: "429" }))).toBe("rate_limited")
    const budget = new RateLimited({ operation: "placeOrder", reason: "order-entry budget exhausted", local: true })
    expect(apiErrorKind(budget)).toBeUndefined()
    expect(apiErrorKind(new AuthFailed({ operation: "placeOrder", reason: "bad key" }))).toBe("auth")
    expect(apiErrorKind(new Transient({ operation: "placeOrder", reason: "down" }))).toBe("transient")
  })

  it.scoped("orders by result, API errors by kind, positions and margin use, scraped from /metrics over HTTP", () =>
    Effect.gen(function* () {
      const { exchange: sim, control } = yield* makeSimExchange(makeContractVenue())
      const exchange = guardedExchange(meteredExchange(failingCalls(sim)), yield* makeCircuitBreaker(breakerParams))
      const events = yield* exchange.events

      // placed and filled (market), placed and cancelled (resting limit), refused by the venue (post-only
      // crossing the book, far more than the margin allows)
      yield* exchange.placeOrder(order("market-1"))
      const resting = yield* exchange.placeOrder(order("limit-1", { type: "limit", limitPrice: new Decimal("40000") }))
      yield* exchange.cancelOrder({ orderId: resting.orderId })
      yield* Effect.flip(
        exchange.placeOrder(order("post-1", { type: "limit", limitPrice: new Decimal("60000"), postOnly: true }))
      )
      yield* Effect.flip(exchange.placeOrder(order("huge-1", { quantity: new Decimal("1000") })))
      yield* control.advanceTo(at(15))
      // The market order's fill reaches the event stream (the executor's subscription in the live process)
      yield* events.pipe(
        Stream.takeUntil((e) => e._tag === "OrderUpdated" && e.order.status === "filled"),
        Stream.runDrain
      )

      // Errors of calls that reached the venue; the third rate limit meets an open breaker and is not counted
      yield* Effect.flip(exchange.amendOrder({ orderId: resting.orderId }, { quantity: new Decimal("0.02") }))
      yield* Effect.flip(exchange.refreshDeadMansSwitch(60))
      yield* Effect.flip(exchange.cancelAll)
      yield* Effect.flip(exchange.cancelAll)
      const refused = yield* Effect.flip(exchange.cancelAll)
      expect(refused.message).toContain("circuit breaker open")

      const account = yield* sim.account
      const positions = yield* sim.positions
      expect(positions).toHaveLength(1)
      yield* recordAccount({
        equity: account.equity,
        marginUsage: marginUsage(account) ?? 0,
        openPositions: positions.length
      })

      const scrape = yield* fetchPath("/metrics")
      expect(scrape.status).toBe(200)
      expect(samples(scrape.body, "trading_orders_total")).toEqual([
        '{result="cancelled"} 1',
        '{result="filled"} 1',
        '{result="placed"} 2',
        '{result="rejected"} 2'
      ])
      expect(samples(scrape.body, "trading_api_errors_total")).toEqual([
        '{kind="auth"} 1',
        '{kind="rate_limited"} 2',
        '{kind="transient"} 1'
      ])
      expect(samples(scrape.body, "trading_open_positions")).toEqual([" 1"])
      const [margin] = samples(scrape.body, "trading_margin_usage_ratio")
      const usage = Number(margin)
      expect(usage).toBeGreaterThan(0)
      expect(usage).toBeLessThan(1)
      expect(usage).toBeCloseTo(account.marginUsed.div(account.equity).toNumber(), 12)
    }).pipe(Effect.provide(serveMonitoring(testOperator().layer)))
  )
})
