import { describe, expect, it } from "@effect/vitest"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import {
  evaluateInvariants,
  type InvariantSnapshot,
  type InvariantThresholds
} from "../../src/safety/InvariantMonitor.ts"
import { drawdownOf, nextPeak, settleEquity } from "../../src/safety/PeakEquity.ts"
import { entriesAllowed, managementAllowed } from "../../src/safety/SafetyLevel.ts"

const d = (n: number | string) => new Decimal(n)

/** The shipped safety.yaml thresholds. */
const thresholds: InvariantThresholds = testConfigSync().safety.invariants

const positions = (n: number, notional = 1000) =>
  Array.from({ length: n }, (_, i) => ({ key: symbolKey(`C${i}/USD`), notional: d(notional) }))

const snapshot = (over: Partial<InvariantSnapshot> = {}): InvariantSnapshot => ({
  equity: d(10_000),
  peakEquity: d(10_000),
  positions: positions(3),
  marginUsed: d(3000),
  rejectedOrdersThisCycle: 0,
  apiErrorsLastMinute: 0,
  nakedPositions: [],
  equityConfirmed: false,
  ...over
})

const evaluate = (over: Partial<InvariantSnapshot> = {}, t: Partial<InvariantThresholds> = {}) => {
  const report = evaluateInvariants(snapshot(over), { ...thresholds, ...t })
  if (report._tag !== "Evaluated") throw new Error(`expected an evaluation, got ${report._tag}`)
  return report
}

const summary = (over: Partial<InvariantSnapshot> = {}, t: Partial<InvariantThresholds> = {}) => {
  const r = evaluate(over, t)
  return {
    level: r.level,
    reason: r.killReason,
    flatten: r.flatten,
    violations: r.violations.map((v) => `${v.invariant}:${v.severity}`)
  }
}

describe("safety levels", () => {
  it("allow entries only when ACTIVE and management in every level but EMERGENCY", () => {
    const levels = ["ACTIVE", "DEGRADED", "HALTED", "EMERGENCY"] as const
    expect(levels.map(entriesAllowed)).toEqual([true, false, false, false])
    expect(levels.map(managementAllowed)).toEqual([true, true, true, false])
  })
})

describe("peak equity", () => {
  it("starts at equity and rises only by more than the minimum increase", () => {
    expect(nextPeak(undefined, d(500), 0.01).toNumber()).toBe(500)
    expect(nextPeak(d(500), d("500.01"), 0.01).toNumber()).toBe(500)
    expect(nextPeak(d(500), d("500.02"), 0.01).toNumber()).toBe(500.02)
    expect(nextPeak(d(500), d(400), 0.01).toNumber()).toBe(500)
    expect(drawdownOf(d(500), d(400)).toNumber()).toBe(0.2)
    expect(drawdownOf(d(500), d(600)).toNumber()).toBe(0)
  })

  it("settles two confirmation reads: the average when within 5 %, else the lower", () => {
    expect(settleEquity(d(100), d(104)).toNumber()).toBe(102)
    expect(settleEquity(d(110), d(100)).toNumber()).toBe(100)
  })
})

describe("evaluateInvariants", () => {
  it("is ACTIVE with nothing to report and persists the raised peak", () => {
    const r = evaluate({ equity: d(10_500) })
    expect([r.level, r.violations, r.flatten, r.peakEquity.toNumber()]).toEqual(["ACTIVE", [], false, 10_500])
    expect(r.killReason).toBeUndefined()
  })

  it("one warning stays ACTIVE, two are DEGRADED", () => {
    expect(summary({ equity: d(8900) })).toEqual({
      level: "ACTIVE",
      reason: undefined,
      flatten: false,
      violations: ["DRAWDOWN:WARNING"]
    })
    expect(summary({ equity: d(8900), marginUsed: d(7600) }).level).toBe("DEGRADED")
    expect(summary({ positions: positions(23), rejectedOrdersThisCycle: 6 }).violations).toEqual([
      "POSITION_COUNT:WARNING",
      "REJECTED_ORDERS:WARNING"
    ])
  })

  it("one critical halts without flattening, with the reason of its invariant", () => {
    expect(summary({ equity: d(8400) })).toEqual({
      level: "HALTED",
      reason: "LIQUIDATION_BREACH",
      flatten: false,
      violations: ["DRAWDOWN:CRITICAL"]
    })
    expect(summary({ marginUsed: d(9201) })).toMatchObject({ level: "HALTED", reason: "MARGIN_CRITICAL" })
    expect(summary({ apiErrorsLastMinute: 11 })).toMatchObject({ level: "HALTED", reason: "API_ERROR" })
    expect(summary({ positions: positions(28, 10) })).toMatchObject({ level: "HALTED", reason: "LIQUIDATION_BREACH" })
    expect(summary({ positions: positions(3, 200_000) })).toMatchObject({ reason: "LIQUIDATION_BREACH" })
    expect(
      summary({ equity: d(900), peakEquity: d(900), positions: [], marginUsed: d(0) }, { min_equity_usd: 1000 })
    ).toMatchObject({
      level: "HALTED",
      violations: ["EQUITY_FLOOR:CRITICAL"]
    })
  })

  it("two criticals are an EMERGENCY that flattens; API errors name the reason", () => {
    expect(summary({ marginUsed: d(9300), apiErrorsLastMinute: 11 })).toEqual({
      level: "EMERGENCY",
      reason: "API_ERROR",
      flatten: true,
      violations: ["MARGIN_UTILISATION:CRITICAL", "API_ERRORS:CRITICAL"]
    })
    expect(summary({ marginUsed: d(9300), equity: d(8400) }).reason).toBe("LIQUIDATION_BREACH")
  })

  it("flags each oversized position and each naked position by symbol", () => {
    const r = evaluate({
      positions: [
        { key: symbolKey("BTC/USD"), notional: d(3600) },
        { key: symbolKey("ETH/USD"), notional: d(3500) }
      ],
      nakedPositions: [symbolKey("SOL/USD")]
    })
    expect(r.violations.map((v) => [v.invariant, v.symbol])).toEqual([
      ["SINGLE_POSITION", "BTCUSD"],
      ["NAKED_POSITION", "SOLUSD"]
    ])
    expect(r.level).toBe("DEGRADED")
  })

  it("asks for a re-read before believing an implausible drawdown, then treats a stale peak as a warning", () => {
    const first = evaluateInvariants(snapshot({ equity: d(4000) }), thresholds)
    expect(first._tag).toBe("RereadEquity")
    const confirmed = evaluate({ equity: d(4000), equityConfirmed: true })
    expect([confirmed.level, confirmed.peakStale, confirmed.violations.map((v) => v.invariant)]).toEqual([
      "ACTIVE",
      true,
      ["STALE_PEAK"]
    ])
    expect(confirmed.peakEquity.toNumber()).toBe(10_000)
  })

  it("treats margin in use without positive equity as critical", () => {
    expect(summary({ equity: d(0), peakEquity: d(0), positions: [] })).toMatchObject({
      level: "HALTED",
      reason: "MARGIN_CRITICAL"
    })
  })
})
