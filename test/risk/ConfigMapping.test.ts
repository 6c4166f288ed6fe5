import { describe, expect, it } from "@effect/vitest"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import { allocate } from "../../src/portfolio/Auction.ts"
import { chopAdjusted, detectChop } from "../../src/portfolio/Chop.ts"
import { planTrims } from "../../src/portfolio/Rebalancer.ts"
import { signalCooldown } from "../../src/risk/Cooldowns.ts"
import { dailyLossLevel, openDay } from "../../src/risk/DailyPnl.ts"
import { lossStreakPause } from "../../src/risk/LossStreak.ts"
import { evaluateShock, initialShockState } from "../../src/risk/ShockGuard.ts"
import { validateTrade } from "../../src/risk/ValidateTrade.ts"
import { decideAutoRecovery } from "../../src/safety/AutoRecovery.ts"
import { apiBreakerParams, coinBreakerParams } from "../../src/safety/CircuitBreaker.ts"
import { evaluateInvariants } from "../../src/safety/InvariantMonitor.ts"
import { inactive, startupAction } from "../../src/safety/KillSwitch.ts"
import { preTickCheck } from "../../src/safety/PreTickGate.ts"
import { initialSafetyRecord } from "../../src/safety/SafetyRecord.ts"
import { context, NOW, request } from "./RiskFixtures.ts"

// The decoded config sections are passed as they are: a renamed key fails the typecheck here.
describe("shipped config → pure core parameters", () => {
  const config = testConfigSync()
  const { risk, strategy, safety, exchange, liquidity_filters } = config

  it("sizes and allocates with the shipped risk section", () => {
    const decision = validateTrade(request(), context(), risk, liquidity_filters.tier_configs)
    expect(decision._tag).toBe("Approved")
    const plan = allocate(
      {
        now: NOW,
        equity: new Decimal(10_000),
        candidates: [
          {
            key: symbolKey("ETH/USD"),
            side: "long",
            score: 60,
            cluster: "tight_smc_ob",
            requiredMargin: new Decimal(300)
          }
        ],
        positions: [],
        noSignalCycles: 0
      },
      chopAdjusted(risk, detectChop({ now: NOW, scannedCount: 1, signals: [], recentTrades: [] }, risk), risk).params
    )
    expect(plan.opens).toHaveLength(1)
    const trims = planTrims(
      {
        equity: new Decimal(1),
        cycle: 0,
        positions: [],
        closing: new Set(),
        tradingGated: false,
        lastTrimCycle: new Map()
      },
      risk
    )
    expect(trims).toEqual([])
  })

  it("evaluates cooldowns, streaks, the daily ledger and the shock guard with the shipped values", () => {
    expect(signalCooldown([], symbolKey("ETH/USD"), { held: false }, NOW, { ...strategy, ...risk })).toBeUndefined()
    expect(lossStreakPause([], new Decimal(1000), NOW, risk)).toBeUndefined()
    expect(dailyLossLevel(openDay(new Decimal(1000), NOW), risk)).toBe("ok")
    expect(evaluateShock(initialShockState, [], NOW, risk).entriesPaused).toBe(false)
  })

  it("runs the safety layer with safety.yaml and the exchange breaker keys", () => {
    const report = evaluateInvariants(
      {
        equity: new Decimal(1000),
        positions: [],
        marginUsed: new Decimal(0),
        rejectedOrdersThisCycle: 0,
        apiErrorsLastMinute: 0,
        nakedPositions: [],
        equityConfirmed: false
      },
      safety.invariants
    )
    expect(report).toMatchObject({ _tag: "Evaluated", level: "ACTIVE" })
    expect(startupAction(inactive, NOW, safety.kill_switch)).toBe("RUN")
    const recovery = decideAutoRecovery(
      { killSwitch: inactive, now: NOW, marginUsed: new Decimal(0), equity: new Decimal(1), recoveries: [] },
      safety.auto_recovery
    )
    expect(recovery).toEqual({ _tag: "Wait", reason: "NOT_ACTIVE" })
    expect(
      preTickCheck({ now: NOW, safety: initialSafetyRecord(NOW), newestDataAt: NOW }, safety.cycle_guard)._tag
    ).toBe("Allow")
    expect(apiBreakerParams(exchange).failure_threshold).toBe(exchange.circuit_breaker_failure_threshold)
    expect(coinBreakerParams(exchange).success_threshold).toBe(exchange.coin_breaker_success_threshold)
  })
})
