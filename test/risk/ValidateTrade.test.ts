import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { Side } from "../../src/domain/Side.ts"
import type { TradeRegime } from "../../src/domain/Signal.ts"
import { type RiskContext, type TradeRequest, validateTrade } from "../../src/risk/ValidateTrade.ts"
import { context, d, instrument, params, request, tiers } from "./RiskFixtures.ts"

const decide = (req: Partial<TradeRequest> = {}, ctx: Partial<RiskContext> = {}) =>
  validateTrade(request(req), context(ctx), params, tiers)

const summary = (decision: ReturnType<typeof decide>) =>
  decision._tag === "Rejected"
    ? decision.reason
    : { notional: decision.notional.toNumber(), contracts: decision.contracts?.toNumber(), binding: decision.binding }

describe("validateTrade", () => {
  it("approves the default leverage-based size with its margin, basis and cost", () => {
    const decision = decide()
    expect(decision._tag).toBe("Approved")
    if (decision._tag !== "Approved") return
    expect(decision.notional.toNumber()).toBe(2100)
    expect(decision.leverage.toNumber()).toBe(7)
    expect(decision.margin.toNumber()).toBe(300)
    expect(decision.basisPct.toNumber()).toBe(0)
    expect(decision.estimatedCost.toNumber()).toBe(2.625)
    expect(decision.boosted).toBe(false)
  })

  it("rounds the size down to the contract step and refuses sizes that round away", () => {
    expect(summary(decide({}, { instrument: instrument("0.4", "0.4") }))).toEqual({
      notional: 2080,
      contracts: 20.8,
      binding: "base"
    })
    expect(summary(decide({}, { instrument: instrument("100", "100") }))).toBe("SIZE_STEP_ROUND_TO_ZERO")
    expect(summary(decide({}, { instrument: instrument("1", "50") }))).toBe("SIZE_BELOW_MIN")
    expect(
      summary(
        decide(
          { entry: d(1000), stop: d(980), takeProfit: d(1060) },
          { equity: d(50), instrument: instrument("0.006", "0.006") }
        )
      )
    ).toBe("BELOW_MIN_NOTIONAL")
  })

  it("sizes by the tier's leverage and applies the auction override with its boost", () => {
    expect(summary(decide({}, { tier: "C" }))).toEqual({ notional: 900, contracts: undefined, binding: "base" })
    const auction = decide(
      {},
      { equity: d(1000), notionalOverride: d(210), availableMargin: d(900), skipMarginCheck: true }
    )
    expect(summary(auction)).toEqual({ notional: 420, contracts: undefined, binding: "utilisation_boost" })
  })

  it("reports the first failing rule in order: inputs, portfolio, basis, caps, liquidation, costs", () => {
    expect(summary(decide({ stop: d(100) }, { mark: d(200) }))).toBe("INVALID_STOP_DISTANCE")
    expect(summary(decide({}, { mark: d(200), portfolio: { ...context().portfolio, openPositions: 30 } }))).toBe(
      "MAX_CONCURRENT_POSITIONS"
    )
    expect(summary(decide({}, { mark: d(200), availableMargin: d(0) }))).toBe("BASIS_DIVERGENCE")
    expect(summary(decide({}, { availableMargin: d(0), liquidationPrice: d(99) }))).toBe("NO_AVAILABLE_MARGIN")
    expect(summary(decide({ takeProfit: d("100.5") }, { liquidationPrice: d(99) }))).toBe("LIQUIDATION_BUFFER")
    expect(summary(decide({ takeProfit: d("100.5") }))).toBe("TIGHT_SMC_MIN_RR")
    expect(summary(decide({ takeProfit: undefined }))).toBe("EDGE_BELOW_FEES_PLUS_FUNDING")
  })
})

const STEPS = ["0.0001", "0.001", "0.01", "0.1", "1", "10"]

const scenario = fc.record({
  equity: fc.integer({ min: 50, max: 2_000_000 }),
  entry: fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Decimal(n).div(100)),
  stopBps: fc.integer({ min: 170, max: 1500 }),
  side: fc.constantFrom<Side>("long", "short"),
  regime: fc.constantFrom<TradeRegime>("tight_smc", "wide_structure"),
  tier: fc.constantFrom("A" as const, "B" as const, "C" as const, undefined),
  openMarginShare: fc.integer({ min: 0, max: 250 }),
  available: fc.option(fc.integer({ min: -100, max: 1_000_000 }), { nil: undefined }),
  overrideShare: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  skipMarginCheck: fc.boolean(),
  step: fc.constantFrom(...STEPS),
  minSteps: fc.integer({ min: 1, max: 5 })
})

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never

const evaluate = (s: Scenario) => {
  const equity = d(s.equity)
  const distance = s.entry.times(s.stopBps).div(10_000)
  const sign = s.side === "long" ? 1 : -1
  const leverage = d(Math.min(7, tiers[s.tier ?? "C"].max_leverage))
  const ctx: RiskContext = {
    ...context(),
    equity,
    spot: s.entry,
    mark: s.entry,
    tier: s.tier,
    openNotional: equity.times(s.openMarginShare).div(100).times(leverage),
    availableMargin: s.available === undefined ? undefined : d(s.available),
    notionalOverride: s.overrideShare === undefined ? undefined : equity.times(s.overrideShare).div(100),
    skipMarginCheck: s.skipMarginCheck,
    instrument: instrument(s.step, d(s.step).times(s.minSteps).toString())
  }
  const req: TradeRequest = {
    side: s.side,
    regime: s.regime,
    entry: s.entry,
    stop: s.entry.minus(distance.times(sign)),
    takeProfit: s.entry.plus(distance.times(5 * sign))
  }
  return { ctx, req, leverage, decision: validateTrade(req, ctx, params, tiers) }
}

describe("validateTrade (properties)", () => {
  it.prop("an approved size is on the contract step and breaks no cap", [scenario], ([s]) => {
    const { ctx, req, leverage, decision } = evaluate(s)
    if (decision._tag === "Rejected") return
    const { notional, contracts } = decision
    const equity = ctx.equity
    const step = d(s.step)
    expect(contracts?.mod(step).isZero()).toBe(true)
    expect(contracts?.gte(step.times(s.minSteps))).toBe(true)
    expect(contracts?.times(req.entry).eq(notional)).toBe(true)
    expect(notional.gte(params.min_notional_usd)).toBe(true)
    expect(decision.leverage.eq(leverage)).toBe(true)
    expect(notional.lte(equity.times(params.max_single_position_margin_pct_equity).times(leverage))).toBe(true)
    expect(
      ctx.openNotional.div(leverage).plus(decision.margin).lte(equity.times(params.max_aggregate_margin_pct_equity))
    ).toBe(true)
    expect(notional.times(d(s.stopBps).div(10_000)).lte(params.max_loss_per_trade_usd)).toBe(true)
    expect(notional.div(equity).lte(leverage.times(params.leverage_proximity_pct))).toBe(true)
    if (ctx.notionalOverride === undefined) {
      expect(notional.lte(Decimal.min(params.max_position_size_usd, tiers[s.tier ?? "C"].max_position_usd))).toBe(true)
    }
    const available = ctx.availableMargin
    if (available !== undefined && (!ctx.skipMarginCheck || (decision.boosted && available.gt(0)))) {
      expect(notional.lte(available.times(params.available_margin_use_pct).times(leverage))).toBe(true)
    }
  })

  it("the generator is not vacuous: a fair share of scenarios is approved", () => {
    const approved = fc
      .sample(scenario, { numRuns: 400, seed: 7 })
      .filter((s) => evaluate(s).decision._tag === "Approved")
    expect(approved.length).toBeGreaterThan(80)
  })
})
