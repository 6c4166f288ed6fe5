import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { OrderType } from "../../src/domain/Order.ts"
import {
  type AutoRecoveryInput,
  type AutoRecoveryParams,
  decideAutoRecovery,
  recordRecovery
} from "../../src/safety/AutoRecovery.ts"
import {
  acknowledge,
  activate,
  decodeKillSwitch,
  inactive,
  KillSwitchState,
  ordersToCancel,
  startupAction
} from "../../src/safety/KillSwitch.ts"
import type { KillReason } from "../../src/safety/SafetyLevel.ts"

const NOW = 1_800_000_000_000
const MIN = 60_000

const fire = (reason: KillReason, at = NOW, flatten = false) =>
  activate(inactive, { reason, at, flatten, detail: "test" })

describe("kill switch", () => {
  it("latches the first reason and time, escalating only to flatten", () => {
    const first = fire("MARGIN_CRITICAL", NOW)
    const second = activate(first, { reason: "API_ERROR", at: NOW + MIN, flatten: true, detail: "again" })
    expect(second).toMatchObject({ _tag: "Active", reason: "MARGIN_CRITICAL", activatedAt: NOW, flatten: true })
    expect(activate(second, { reason: "MANUAL", at: NOW, flatten: false, detail: "" })).toMatchObject({ flatten: true })
    expect(acknowledge(second)).toEqual(inactive)
  })

  it("round-trips its record and reads a corrupt one as an active DATA_FAILURE", () => {
    const state = fire("LIQUIDATION_BREACH", NOW, true)
    const stored = JSON.parse(JSON.stringify(Schema.encodeSync(KillSwitchState)(state)))
    expect(decodeKillSwitch(stored, NOW + MIN)).toEqual(state)
    expect(decodeKillSwitch({ _tag: "Active", reason: "INVARIANT_VIOLATION" }, NOW)).toMatchObject({
      _tag: "Active",
      reason: "DATA_FAILURE",
      activatedAt: NOW,
      flatten: false
    })
    expect(decodeKillSwitch("garbage", NOW)._tag).toBe("Active")
  })

  it("cancels entries and take-profits, never a reduce-only stop", () => {
    const orders: ReadonlyArray<{ id: string; type: OrderType; reduceOnly: boolean }> = [
      { id: "entry", type: "limit", reduceOnly: false },
      { id: "market", type: "market", reduceOnly: false },
      { id: "tp", type: "take_profit", reduceOnly: true },
      { id: "tp-limit", type: "limit", reduceOnly: true },
      { id: "stop", type: "stop", reduceOnly: true },
      { id: "trail", type: "trailing_stop", reduceOnly: true },
      { id: "stop-entry", type: "stop", reduceOnly: false }
    ]
    expect(ordersToCancel(orders).map((o) => o.id)).toEqual(["entry", "market", "tp", "tp-limit", "stop-entry"])
  })

  it("holds safely at startup unless an urgent reason fired within the flatten window", () => {
    const p = { startup_flatten_window_seconds: 120 }
    expect(startupAction(inactive, NOW, p)).toBe("RUN")
    expect(startupAction(fire("RECONCILIATION_FAILURE", NOW - 119_000), NOW, p)).toBe("FLATTEN")
    expect(startupAction(fire("LIQUIDATION_BREACH", NOW - 120_000), NOW, p)).toBe("SAFE_HOLD")
    expect(startupAction(fire("MANUAL", NOW - 1000, true), NOW, p)).toBe("SAFE_HOLD")
    expect(startupAction(fire("MARGIN_CRITICAL", NOW), NOW, p)).toBe("SAFE_HOLD")
  })
})

describe("auto-recovery", () => {
  const params: AutoRecoveryParams = {
    enabled: true,
    min_wait_minutes: 5,
    max_margin_utilization_pct: 0.85,
    max_recoveries_per_day: 2
  }
  const input = (over: Partial<AutoRecoveryInput> = {}): AutoRecoveryInput => ({
    killSwitch: fire("MARGIN_CRITICAL", NOW - 5 * MIN),
    now: NOW,
    marginUsed: new Decimal(8400),
    equity: new Decimal(10_000),
    recoveries: [],
    ...over
  })
  const decide = (over: Partial<AutoRecoveryInput> = {}, p: Partial<AutoRecoveryParams> = {}) => {
    const decision = decideAutoRecovery(input(over), { ...params, ...p })
    return decision._tag === "Recover" ? "Recover" : decision.reason
  }

  it("clears a margin halt after the wait once margin is under the threshold", () => {
    expect(decide()).toBe("Recover")
    expect(decide({ killSwitch: fire("MARGIN_CRITICAL", NOW - 5 * MIN + 1) })).toBe("TOO_SOON")
    expect(decide({ marginUsed: new Decimal(8500) })).toBe("MARGIN_STILL_HIGH")
    expect(decide({ equity: new Decimal(0) })).toBe("MARGIN_STILL_HIGH")
  })

  it("never clears other reasons, an inactive switch, or when disabled", () => {
    expect(decide({ killSwitch: fire("API_ERROR", NOW - 60 * MIN) })).toBe("NEEDS_OPERATOR")
    expect(decide({ killSwitch: inactive })).toBe("NOT_ACTIVE")
    expect(decide({}, { enabled: false })).toBe("DISABLED")
  })

  it("allows at most the daily maximum within 24 h, counting the persisted recoveries", () => {
    const once = recordRecovery([], NOW - 20 * 60 * MIN)
    const twice = recordRecovery(once, NOW - 10 * 60 * MIN)
    expect(decide({ recoveries: once })).toBe("Recover")
    expect(decide({ recoveries: twice })).toBe("DAILY_LIMIT_REACHED")
    expect(decide({ recoveries: twice, now: NOW + 4 * 60 * MIN })).toBe("Recover")
    expect(recordRecovery([NOW - 25 * 60 * MIN, NOW - MIN], NOW)).toEqual([NOW - MIN, NOW])
  })
})
