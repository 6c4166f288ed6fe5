import { describe, expect, it } from "@effect/vitest"
import { type CycleGuardParams, type PreTickInput, preTickCheck } from "../../src/safety/PreTickGate.ts"
import { initialSafetyRecord, manualKill, resume } from "../../src/safety/SafetyRecord.ts"

const NOW = 1_800_000_000_000
const S = 1000

const p: CycleGuardParams = {
  min_cycle_interval_seconds: 60,
  max_cycle_duration_seconds: 300,
  max_candle_age_seconds: 120,
  max_clock_skew_seconds: 30
}

const check = (over: Partial<PreTickInput> = {}) => {
  const decision = preTickCheck(
    {
      now: NOW,
      safety: initialSafetyRecord(NOW),
      lastCycleStartedAt: NOW - 60 * S,
      newestDataAt: NOW - 10 * S,
      ...over
    },
    p
  )
  return decision._tag === "SkipTick" ? decision.reason : decision
}

const ALLOW = { _tag: "Allow", forceEndedRunningCycle: false }

describe("preTickCheck", () => {
  it("allows a tick on fresh data a full interval after the last one", () => {
    expect(check()).toEqual(ALLOW)
    expect(check({ lastCycleStartedAt: undefined })).toEqual(ALLOW)
  })

  it("halts while the kill switch is active, until resumed", () => {
    const killed = manualKill(initialSafetyRecord(NOW), { detail: "ops", flatten: false }, NOW)
    expect(check({ safety: killed })).toEqual({ _tag: "Halt" })
    expect(check({ safety: resume(killed, NOW) })).toEqual(ALLOW)
  })

  it("skips overlapping and too-frequent cycles, force-ending one that overran", () => {
    expect(check({ runningSince: NOW - 300 * S })).toBe("OVERLAP")
    expect(check({ runningSince: NOW - 301 * S, lastCycleStartedAt: NOW - 301 * S })).toEqual({
      _tag: "Allow",
      forceEndedRunningCycle: true
    })
    expect(check({ lastCycleStartedAt: NOW - 59 * S })).toBe("TOO_SOON")
  })

  it("skips on missing, stale or future-dated data", () => {
    expect(check({ newestDataAt: undefined })).toBe("NO_DATA")
    expect(check({ newestDataAt: NOW - 121 * S })).toBe("STALE_DATA")
    expect(check({ newestDataAt: NOW - 120 * S })).toEqual(ALLOW)
    expect(check({ newestDataAt: NOW + 31 * S })).toBe("CLOCK_SKEW")
    expect(check({ newestDataAt: NOW + 30 * S })).toEqual(ALLOW)
  })
})
