import { Cause, Clock, Context, Effect, Exit, Layer, Option, Ref } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { ExchangeService } from "../exchange/Exchange.ts"
import { type OrderEntryError, Transient } from "../exchange/ExchangeErrors.ts"
import {
  admit,
  apiBreakerParams,
  type BreakerParams,
  type BreakerState,
  type CallOutcome,
  closedBreaker,
  record
} from "../safety/CircuitBreaker.ts"

/**
 * How a port failure counts for the breaker (§8.7): a call that did nothing for network or venue reasons, or
 * timed out, is transient; the venue's rate limits count apart (our own order budget's refusals never reached it,
 * so they count for nothing); auth failures and business refusals (rejected order,
 * insufficient funds, unknown order, an undecodable answer) prove the venue answered and never open it.
 */
export const classifyExchangeError = (error: OrderEntryError): CallOutcome => {
  switch (error._tag) {
    case "Transient":
    case "UnknownResult":
      return "transient"
    case "RateLimited":
      return error.local === true ? "not_sent" : "rate_limit"
    case "AuthFailed":
      return "auth"
    case "InsufficientFunds":
    case "OrderRejected":
    case "OrderNotFound":
    case "ExchangeDecodeError":
      return "business"
  }
}

export interface CircuitBreakerService {
  readonly state: Effect.Effect<BreakerState>
  /** True while a call now would fail fast (open within its cooldown, or its one probe out): ticks skip (§8.7). */
  readonly isOpen: Effect.Effect<boolean>
  /**
   * Runs `call` through the breaker: refused with a `Transient` ("circuit breaker open") while open, exactly one
   * probe when the cooldown has passed, and the call's outcome recorded at its end (clock from `Clock`).
   */
  readonly guard: <A, E extends OrderEntryError, R>(
    operation: string,
    call: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | Transient, R>
}

export const makeCircuitBreaker = (params: BreakerParams): Effect.Effect<CircuitBreakerService> =>
  Effect.map(Ref.make<BreakerState>(closedBreaker), (ref) => {
    const guard = <A, E extends OrderEntryError, R>(operation: string, call: Effect.Effect<A, E, R>) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const admission = yield* Ref.modify(ref, (state) => {
          const next = admit(state, now, params)
          return [next.admission, next.state] as const
        })
        if (admission === "reject") {
          return yield* new Transient({ operation, reason: "circuit breaker open: failing fast" })
        }
        // The call that opens the breaker is logged: every tick it skips afterwards names only the breaker
        const settle = (outcome: CallOutcome, cause?: string) =>
          Effect.gen(function* () {
            const at = yield* Clock.currentTimeMillis
            const [before, after] = yield* Ref.modify(ref, (state) => {
              const next = record(state, { admission, outcome }, at, params)
              return [[state, next] as const, next]
            })
            if (after._tag === "Open" && before._tag !== "Open")
              yield* Effect.logWarning(`exchange API circuit breaker opened by ${operation}: ${cause ?? outcome}`)
          })
        return yield* Effect.onExit(
          call,
          Exit.match({
            onSuccess: () => settle("success"),
            onFailure: (cause) =>
              Option.match(Cause.failureOption(cause), {
                onSome: (error) => settle(classifyExchangeError(error), error.message),
                // Interrupted or died: a probe must still end its half-open turn, so it counts as failed.
                onNone: () => (admission === "probe" ? settle("transient") : Effect.void)
              })
          })
        )
      })
    const state = Ref.get(ref)
    return {
      state,
      isOpen: Effect.zipWith(state, Clock.currentTimeMillis, (s, now) => admit(s, now, params).admission === "reject"),
      guard
    }
  })

/**
 * The exchange port with every call that reaches the venue behind the breaker. State queries (contracts, account,
 * positions, open orders, order lookups, tickers) read the WebSocket feeds' cache: a "not synced yet" answer there
 * is a feed resyncing, not an API failure, so they pass through unguarded (counting them opened the breaker
 * during every reconnect, and start-up could not sync within its window). The event stream has its own watchdog.
 */
export const guardedExchange = (venue: ExchangeService, breaker: CircuitBreakerService): ExchangeService => ({
  ...venue,
  placeOrder: (request) => breaker.guard("placeOrder", venue.placeOrder(request)),
  amendOrder: (ref, amendment) => breaker.guard("amendOrder", venue.amendOrder(ref, amendment)),
  cancelOrder: (ref) => breaker.guard("cancelOrder", venue.cancelOrder(ref)),
  cancelAll: breaker.guard("cancelAll", venue.cancelAll),
  refreshDeadMansSwitch: (timeoutSeconds) =>
    breaker.guard("refreshDeadMansSwitch", venue.refreshDeadMansSwitch(timeoutSeconds))
})

/** The one API breaker of the process, from `exchange.circuit_breaker_*`. */
export class ApiCircuitBreaker extends Context.Tag("ApiCircuitBreaker")<ApiCircuitBreaker, CircuitBreakerService>() {
  static readonly layer = Layer.effect(
    ApiCircuitBreaker,
    Effect.flatMap(AppConfig, (config) => makeCircuitBreaker(apiBreakerParams(config.exchange)))
  )
}
