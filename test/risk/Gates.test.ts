import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import type { Decimal } from "../../src/domain/Money.ts"
import type { TradeRegime } from "../../src/domain/Signal.ts"
import { estimatedCost, feeEdgeGate, regimeCostGate, requiredEdgeBps } from "../../src/risk/CostGates.ts"
import { openDay, recordTradePnl } from "../../src/risk/DailyPnl.ts"
import { basisGuard, liquidationSafety, portfolioGates, validInputs } from "../../src/risk/Gates.ts"
import type { RiskParams } from "../../src/risk/RiskParams.ts"
import type { Rejected } from "../../src/risk/RiskRejection.ts"
import { d, NOW, params } from "./RiskFixtures.ts"

const outcome = <A>(e: Either.Either<A, Rejected>): string =>
  Either.match(e, { onLeft: (r) => r.reason, onRight: () => "ok" })

describe("input and basis checks", () => {
  it("refuses a non-positive entry, a zero stop distance and a non-positive equity", () => {
    expect(outcome(validInputs(d(0), d(1), d(100)))).toBe("INVALID_ENTRY_PRICE")
    expect(outcome(validInputs(d(100), d(100), d(100)))).toBe("INVALID_STOP_DISTANCE")
    expect(outcome(validInputs(d(100), d(98), d(0)))).toBe("INVALID_EQUITY")
    expect(Either.getOrThrow(validInputs(d(100), d(98), d(1))).toNumber()).toBe(0.02)
  })

  it("refuses a spot-mark divergence above basis_max_pct and an invalid spot", () => {
    expect(outcome(basisGuard(d(100), d("100.75"), params))).toBe("ok")
    expect(outcome(basisGuard(d(100), d("100.76"), params))).toBe("BASIS_DIVERGENCE")
    expect(outcome(basisGuard(d(0), d(100), params))).toBe("INVALID_SPOT_PRICE")
  })
})

describe("portfolio gates", () => {
  const day = openDay(d(10_000), NOW)
  const gate = (over: Partial<Parameters<typeof portfolioGates>[0]>, p: Partial<RiskParams> = {}) =>
    outcome(portfolioGates({ openPositions: 0, daily: day, now: NOW, ...over }, { ...params, ...p }))

  it("caps the position count by the auction or the non-auction limit", () => {
    expect(gate({ openPositions: 24 })).toBe("ok")
    expect(gate({ openPositions: 25 })).toBe("MAX_CONCURRENT_POSITIONS")
    expect(gate({ openPositions: 3 }, { auction_mode_enabled: false, max_concurrent_positions: 3 })).toBe(
      "MAX_CONCURRENT_POSITIONS"
    )
  })

  it("enforces the daily loss limit from recorded trades, and fails closed without a start equity", () => {
    expect(gate({ daily: recordTradePnl(day, d(-500), NOW) })).toBe("ok")
    expect(gate({ daily: recordTradePnl(day, d("-500.01"), NOW) })).toBe("DAILY_LOSS_LIMIT")
    expect(gate({ daily: recordTradePnl(day, d(-900), NOW - 86_400_000) })).toBe("ok")
    expect(gate({ daily: openDay(d(0), NOW) })).toBe("DAILY_START_EQUITY_UNKNOWN")
  })

  it("refuses during a loss-streak pause", () => {
    expect(gate({ lossStreakPausedUntil: NOW + 1 })).toBe("LOSS_STREAK_COOLDOWN")
    expect(gate({ lossStreakPausedUntil: NOW })).toBe("ok")
  })
})

describe("liquidation safety", () => {
  const base = { side: "long" as const, mark: d(100), notional: d(2100), equity: d(10_000), leverage: d(7) }
  it("measures the buffer to an exchange liquidation price on the correct side", () => {
    expect(outcome(liquidationSafety({ ...base, liquidationPrice: d(70) }, params))).toBe("LIQUIDATION_BUFFER")
    expect(Either.getOrThrow(liquidationSafety({ ...base, liquidationPrice: d(65) }, params))?.toNumber()).toBe(0.35)
    expect(outcome(liquidationSafety({ ...base, side: "short", liquidationPrice: d(140) }, params))).toBe("ok")
    expect(outcome(liquidationSafety({ ...base, side: "short", liquidationPrice: d(130) }, params))).toBe(
      "LIQUIDATION_BUFFER"
    )
  })

  it("without one, keeps effective leverage under 90 % of the leverage and 15 % free margin", () => {
    expect(outcome(liquidationSafety(base, params))).toBe("ok")
    expect(outcome(liquidationSafety({ ...base, notional: d(63_001) }, params))).toBe("LEVERAGE_TOO_CLOSE_TO_MAX")
    expect(outcome(liquidationSafety({ ...base, notional: d(9000), leverage: d(1) }, params))).toBe(
      "FREE_MARGIN_BUFFER"
    )
  })
})

describe("cost and edge gates", () => {
  const cost = (regime: TradeRegime, stop: number, p: Partial<RiskParams> = {}, tp?: Decimal) =>
    regimeCostGate({ regime, notional: d(10_000), entry: d(100), stop: d(stop), takeProfit: tp }, { ...params, ...p })

  it("estimates fees plus funding per regime", () => {
    const input = { notional: d(10_000), entry: d(100), stop: d(98) }
    // 10 bps fees + 3.33 bps per 8 h: tight 0.75 of an interval, wide 4.5 intervals
    expect(estimatedCost({ ...input, regime: "tight_smc" }, params).toNumber()).toBe(12.5)
    expect(estimatedCost({ ...input, regime: "wide_structure" }, params).toNumber()).toBe(25)
  })

  it("tight SMC: cost cap and minimum R:R with a tolerance", () => {
    expect(outcome(cost("tight_smc", 99, { taker_fee_bps: 11 }))).toBe("ok")
    expect(outcome(cost("tight_smc", 99, { taker_fee_bps: 12 }))).toBe("TIGHT_SMC_COST_CAP")
    expect(outcome(cost("tight_smc", 99, {}, d("101.999999")))).toBe("ok")
    expect(outcome(cost("tight_smc", 99, {}, d("101.99")))).toBe("TIGHT_SMC_MIN_RR")
  })

  it("wide structure: cost distortion of the risk and the funding hard cap", () => {
    expect(outcome(cost("wide_structure", 98.4))).toBe("WIDE_RR_DISTORTION")
    expect(outcome(cost("wide_structure", 98.3))).toBe("ok")
    expect(outcome(cost("wide_structure", 90, { funding_rate_daily_bps: 11 }))).toBe("WIDE_FUNDING_CONTANGO")
    expect(
      outcome(cost("wide_structure", 90, { funding_rate_daily_bps: 11, wide_structure_funding_hard_cap_bps: 0 }))
    ).toBe("ok")
  })

  it("fee edge: the first target must pay k × the buffered round trip (99 bps tight, 174 bps wide)", () => {
    expect(requiredEdgeBps("tight_smc", params).bps.toNumber()).toBe(99)
    expect(requiredEdgeBps("wide_structure", params).bps.toNumber()).toBe(174)
    const edge = (tp: number | undefined, p: Partial<RiskParams> = {}) =>
      outcome(
        feeEdgeGate(
          {
            regime: "tight_smc",
            notional: d(1000),
            entry: d(100),
            stop: d(98),
            takeProfit: tp === undefined ? undefined : d(tp)
          },
          { ...params, ...p }
        )
      )
    expect(edge(100.99)).toBe("ok")
    expect(edge(100.98)).toBe("EDGE_BELOW_FEES_PLUS_FUNDING")
    expect(edge(undefined)).toBe("EDGE_BELOW_FEES_PLUS_FUNDING")
    expect(edge(100.5, { funding_rate_daily_bps: 0, fee_edge_funding_floor_bps: 0 })).toBe("EDGE_BELOW_FEES")
    expect(edge(100.5, { fee_edge_guard_enabled: false })).toBe("ok")
  })
})
