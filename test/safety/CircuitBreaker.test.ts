import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import {
  type Admission,
  admit,
  apiBreakerParams,
  type BreakerState,
  type CallOutcome,
  classifyFailure,
  closedBreaker,
  coinBreakerParams,
  record
} from "../../src/safety/CircuitBreaker.ts"

const NOW = 1_800_000_000_000
const api = apiBreakerParams({
  circuit_breaker_failure_threshold: 5,
  circuit_breaker_rate_limit_threshold: 2,
  circuit_breaker_cooldown_seconds: 60
})
const coin = coinBreakerParams({
  coin_breaker_failure_threshold: 5,
  coin_breaker_retry_seconds: 300,
  coin_breaker_success_threshold: 2
})

const calls = (state: BreakerState, outcomes: ReadonlyArray<CallOutcome>, params = api) =>
  outcomes.reduce((s, outcome) => record(s, { admission: "call", outcome }, NOW, params), state)

describe("circuit breaker", () => {
  it("opens after consecutive transient failures or rate limits; a success resets; business errors do not count", () => {
    expect(calls(closedBreaker, ["transient", "transient", "transient", "transient"])._tag).toBe("Closed")
    expect(calls(closedBreaker, Array(5).fill("transient"))).toEqual({ _tag: "Open", openedAt: NOW })
    expect(
      calls(closedBreaker, ["transient", "transient", "transient", "transient", "success", "transient"])._tag
    ).toBe("Closed")
    expect(calls(closedBreaker, ["rate_limit", "business", "auth", "rate_limit"])._tag).toBe("Open")
    expect(calls(closedBreaker, ["rate_limit", "success", "rate_limit"])._tag).toBe("Closed")
  })

  it("fails fast while open and lets exactly one probe through after the cooldown", () => {
    const open: BreakerState = { _tag: "Open", openedAt: NOW }
    expect(admit(open, NOW + 59_999, api).admission).toBe("reject")
    const probing = admit(open, NOW + 60_000, api)
    expect(probing.admission).toBe("probe")
    expect(admit(probing.state, NOW + 60_001, api).admission).toBe("reject")
    expect(record(probing.state, { admission: "probe", outcome: "success" }, NOW + 61_000, api)).toEqual(closedBreaker)
    expect(record(probing.state, { admission: "probe", outcome: "transient" }, NOW + 61_000, api)).toEqual({
      _tag: "Open",
      openedAt: NOW + 61_000
    })
    // a late result of a call let out before the breaker opened does not settle the probe
    expect(record(probing.state, { admission: "call", outcome: "success" }, NOW + 61_000, api)).toEqual(probing.state)
  })

  it("a per-coin breaker needs two successful probes in a row, still one at a time", () => {
    const open: BreakerState = { _tag: "Open", openedAt: NOW }
    const first = admit(open, NOW + 300_000, coin)
    const afterOne = record(first.state, { admission: "probe", outcome: "success" }, NOW + 300_001, coin)
    expect(afterOne._tag).toBe("HalfOpen")
    const second = admit(afterOne, NOW + 300_002, coin)
    expect(second.admission).toBe("probe")
    expect(admit(second.state, NOW + 300_003, coin).admission).toBe("reject")
    expect(record(second.state, { admission: "probe", outcome: "success" }, NOW + 300_004, coin)).toEqual(closedBreaker)
    expect(calls(closedBreaker, Array(20).fill("rate_limit"), coin)._tag).toBe("Closed")
  })

  it.prop(
    "never has more than one probe in flight, whatever the interleaving",
    [
      fc.array(
        fc.oneof(
          fc.record({ op: fc.constant("admit" as const), advance: fc.integer({ min: 0, max: 90_000 }) }),
          fc.record({
            op: fc.constant("finish" as const),
            outcome: fc.constantFrom<CallOutcome>("success", "transient", "rate_limit", "business", "auth")
          })
        ),
        { maxLength: 200 }
      )
    ],
    ([ops]) => {
      let state: BreakerState = closedBreaker
      let now = NOW
      const inFlight: Array<Exclude<Admission, "reject">> = []
      for (const step of ops) {
        if (step.op === "admit") {
          now += step.advance
          const result = admit(state, now, api)
          state = result.state
          if (result.admission !== "reject") inFlight.push(result.admission)
        } else {
          const admission = inFlight.shift()
          if (admission !== undefined) state = record(state, { admission, outcome: step.outcome }, now, api)
        }
        expect(inFlight.filter((a) => a === "probe").length).toBeLessThanOrEqual(1)
        if (state._tag === "HalfOpen") expect(state.probeInFlight).toBe(inFlight.includes("probe"))
      }
    }
  )
})

describe("classifyFailure", () => {
  it("sorts failures into rate limits, auth, transient and business errors", () => {
    expect(classifyFailure({ status: 429, message: "" })).toBe("rate_limit")
    expect(classifyFailure({ message: "apiLimitExceeded: Too Many Requests" })).toBe("rate_limit")
    expect(classifyFailure({ status: 401, message: "" })).toBe("auth")
    expect(classifyFailure({ message: "authenticationError" })).toBe("auth")
    expect(classifyFailure({ status: 503, message: "" })).toBe("transient")
    expect(classifyFailure({ message: "ETIMEDOUT connecting" })).toBe("transient")
    expect(classifyFailure({ status: 400, message: "insufficientAvailableFunds" })).toBe("business")
  })
})
