import type { EpochMillis } from "../domain/Time.ts"

/** Thresholds of one breaker (the API breaker and the per-coin breaker share the machine). */
export interface BreakerParams {
  /** Consecutive transient failures that open it. */
  readonly failure_threshold: number
  /** Rate-limit errors (since the last success) that open it. */
  readonly rate_limit_threshold: number
  readonly cooldown_seconds: number
  /** Successful probes in a row that close it again (API 1, per coin 2). */
  readonly success_threshold: number
}

/** `exchange.circuit_breaker_*` keys → the API breaker (§8.7). */
export const apiBreakerParams = (c: {
  readonly circuit_breaker_failure_threshold: number
  readonly circuit_breaker_rate_limit_threshold: number
  readonly circuit_breaker_cooldown_seconds: number
}): BreakerParams => ({
  failure_threshold: c.circuit_breaker_failure_threshold,
  rate_limit_threshold: c.circuit_breaker_rate_limit_threshold,
  cooldown_seconds: c.circuit_breaker_cooldown_seconds,
  success_threshold: 1
})

/** `exchange.coin_breaker_*` keys → a per-coin breaker (rate limits are the API breaker's business). */
export const coinBreakerParams = (c: {
  readonly coin_breaker_failure_threshold: number
  readonly coin_breaker_retry_seconds: number
  readonly coin_breaker_success_threshold: number
}): BreakerParams => ({
  failure_threshold: c.coin_breaker_failure_threshold,
  rate_limit_threshold: Number.POSITIVE_INFINITY,
  cooldown_seconds: c.coin_breaker_retry_seconds,
  success_threshold: c.coin_breaker_success_threshold
})

export type BreakerState =
  | { readonly _tag: "Closed"; readonly failures: number; readonly rateLimits: number }
  | { readonly _tag: "Open"; readonly openedAt: EpochMillis }
  /** Probing: `probeInFlight` admits exactly one call at a time (the original let every concurrent call through). */
  | { readonly _tag: "HalfOpen"; readonly probeInFlight: boolean; readonly successes: number }

export const closedBreaker: BreakerState = { _tag: "Closed", failures: 0, rateLimits: 0 }

/**
 * How a call ended. Business errors (bad symbol, invalid order, insufficient funds) and auth failures prove the
 * venue answered: they never open the breaker (auth is an invariant error the caller halts on).
 */
/** `not_sent`: refused before it reached the venue (our own order budget): says nothing of the venue's health. */
export type CallOutcome = "success" | "transient" | "rate_limit" | "business" | "auth" | "not_sent"

export type Admission = "call" | "probe" | "reject"

/** Whether a call may go out now; the state moves Open → HalfOpen when the cooldown has passed. */
export const admit = (
  state: BreakerState,
  now: EpochMillis,
  params: BreakerParams
): { readonly state: BreakerState; readonly admission: Admission } => {
  switch (state._tag) {
    case "Closed":
      return { state, admission: "call" }
    case "Open":
      return now - state.openedAt >= params.cooldown_seconds * 1000
        ? { state: { _tag: "HalfOpen", probeInFlight: true, successes: 0 }, admission: "probe" }
        : { state, admission: "reject" }
    case "HalfOpen":
      return state.probeInFlight
        ? { state, admission: "reject" }
        : { state: { ...state, probeInFlight: true }, admission: "probe" }
  }
}

/**
 * The state after a call ended, given how `admit` let it out. Only the probe's result moves a half-open breaker;
 * late results of calls let out before the breaker opened are ignored.
 */
export const record = (
  state: BreakerState,
  call: { readonly admission: Exclude<Admission, "reject">; readonly outcome: CallOutcome },
  now: EpochMillis,
  params: BreakerParams
): BreakerState => {
  const { admission, outcome } = call
  const open: BreakerState = { _tag: "Open", openedAt: now }
  if (state._tag === "Open" || (state._tag === "HalfOpen") !== (admission === "probe")) return state
  switch (state._tag) {
    case "HalfOpen": {
      if (outcome === "transient" || outcome === "rate_limit") return open
      // The probe never went out: the next call probes instead
      if (outcome === "not_sent") return { ...state, probeInFlight: false }
      const successes = state.successes + 1
      return successes >= params.success_threshold
        ? closedBreaker
        : { _tag: "HalfOpen", probeInFlight: false, successes }
    }
    case "Closed":
      switch (outcome) {
        case "success":
          return closedBreaker
        case "transient":
          return state.failures + 1 >= params.failure_threshold ? open : { ...state, failures: state.failures + 1 }
        case "rate_limit":
          return state.rateLimits + 1 >= params.rate_limit_threshold
            ? open
            : { ...state, rateLimits: state.rateLimits + 1 }
        case "business":
        case "auth":
        case "not_sent":
          return state
      }
  }
}

const RATE_LIMIT_TEXT = /rate limit|too many requests/i
const TRANSIENT_TEXT = /timeout|timed out|network|econnreset|econnrefused|etimedout|enotfound|socket hang up|ddos/i
const AUTH_TEXT = /auth|invalid (api )?key|invalid signature|permission denied/i

/** Classify a failed call from its HTTP status (if any) and message (§8.7). */
export const classifyFailure = (failure: {
  readonly status?: number | undefined
  readonly message: string
}): CallOutcome => {
  const { status, message } = failure
  if (status === 429 || RATE_LIMIT_TEXT.test(message)) return "rate_limit"
  if (status === 401 || status === 403 || AUTH_TEXT.test(message)) return "auth"
  if ((status !== undefined && status >= 500) || TRANSIENT_TEXT.test(message)) return "transient"
  return "business"
}
