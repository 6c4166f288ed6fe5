import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { decideAutoRecovery } from "../../src/safety/AutoRecovery.ts"
import { evaluateInvariants, type InvariantThresholds } from "../../src/safety/InvariantMonitor.ts"
import {
  applyReport,
  autoRecover,
  initialSafetyRecord,
  manualKill,
  resetPeak,
  resume,
  SafetyRecord
} from "../../src/safety/SafetyRecord.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"

const NOW = 1_800_000_000_000
const MIN = 60_000

/** The shipped safety.yaml thresholds. */
const thresholds: InvariantThresholds = testConfigSync().safety.invariants

const verdict = (marginUsed: number, equity = 10_000) => {
  const report = evaluateInvariants(
    {
      equity: new Decimal(equity),
      peakEquity: new Decimal(10_000),
      positions: [],
      marginUsed: new Decimal(marginUsed),
      rejectedOrdersThisCycle: 0,
      apiErrorsLastMinute: 0,
      nakedPositions: [],
      equityConfirmed: false
    },
    thresholds
  )
  if (report._tag !== "Evaluated") throw new Error("unexpected re-read")
  return report
}

describe("SafetyRecord transitions", () => {
  it("a critical verdict halts and latches the kill switch; resume clears both at once", () => {
    const halted = applyReport(initialSafetyRecord(NOW), verdict(9300), NOW)
    expect(halted.level).toBe("HALTED")
    expect(halted.killSwitch).toMatchObject({ _tag: "Active", reason: "MARGIN_CRITICAL", flatten: false })
    expect(halted.peakEquity?.toNumber()).toBe(10_000)
    const resumed = resume(halted, NOW + MIN)
    expect([resumed.level, resumed.killSwitch._tag, resumed.peakEquity?.toNumber()]).toEqual([
      "ACTIVE",
      "Inactive",
      10_000
    ])
  })

  it("a manual kill with flatten survives a persistence round trip", () => {
    const killed = manualKill(initialSafetyRecord(NOW), { detail: "operator", flatten: true }, NOW)
    const stored = JSON.parse(JSON.stringify(Schema.encodeSync(SafetyRecord)(killed)))
    const loaded = Schema.decodeUnknownSync(SafetyRecord)(stored)
    expect(loaded.killSwitch).toEqual({
      _tag: "Active",
      reason: "MANUAL",
      activatedAt: NOW,
      flatten: true,
      detail: "operator"
    })
    expect(loaded.level).toBe("HALTED")
  })

  it("auto-recovery persists its times, so the daily limit holds across restarts", () => {
    const params = { enabled: true, min_wait_minutes: 5, max_margin_utilization_pct: 0.85, max_recoveries_per_day: 2 }
    let record = initialSafetyRecord(NOW)
    let now = NOW
    const outcomes: Array<string> = []
    for (let i = 0; i < 3; i++) {
      record = applyReport(record, verdict(9300), now)
      now += 10 * MIN
      const decision = decideAutoRecovery(
        {
          killSwitch: record.killSwitch,
          now,
          marginUsed: new Decimal(5000),
          equity: new Decimal(10_000),
          recoveries: record.recoveries
        },
        params
      )
      outcomes.push(decision._tag === "Recover" ? "Recover" : decision.reason)
      if (decision._tag === "Recover") record = autoRecover(record, now)
      record = Schema.decodeUnknownSync(SafetyRecord)(Schema.encodeSync(SafetyRecord)(record))
    }
    expect(outcomes).toEqual(["Recover", "Recover", "DAILY_LIMIT_REACHED"])
    expect(record.killSwitch._tag).toBe("Active")
    expect(resetPeak(record, now).peakEquity).toBeUndefined()
  })
})

describe("SafetyStore.memory", () => {
  it.effect("applies transitions atomically and reads them back", () =>
    Effect.gen(function* () {
      const store = yield* SafetyStore
      yield* store.update((r) => manualKill(r, { detail: "x", flatten: false }, NOW))
      expect((yield* store.load).killSwitch._tag).toBe("Active")
      const after = yield* Effect.all(
        [store.update((r) => resume(r, NOW + 1)), store.update((r) => applyReport(r, verdict(100), NOW + 2))],
        { concurrency: "unbounded" }
      )
      expect(after[1].killSwitch._tag).toBe("Inactive")
      expect((yield* store.load).level).toBe("ACTIVE")
    }).pipe(Effect.provide(SafetyStore.memory({ now: NOW })))
  )
})
