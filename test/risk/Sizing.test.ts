import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { applyCaps, type CapInput } from "../../src/risk/Caps.ts"
import type { RiskParams } from "../../src/risk/RiskParams.ts"
import { baseNotional, kellyFraction, maxPositionUsd, sizingLeverage } from "../../src/risk/Sizing.ts"
import { d, params, tiers } from "./RiskFixtures.ts"

const base = (p: Partial<RiskParams>, atrRatio?: number) =>
  baseNotional({ ...params, ...p }, { equity: d(10_000), leverage: d(7), stopPct: d("0.02"), atrRatio }).toNumber()

const caps = (input: Partial<CapInput>, p: Partial<RiskParams> = {}) =>
  applyCaps(
    { ...params, ...p },
    {
      equity: d(1000),
      leverage: d(7),
      stopPct: d("0.02"),
      notional: d(210),
      override: false,
      existingMargin: d(0),
      skipMarginCheck: false,
      maxUsd: d(100_000),
      ...input
    }
  )

const notionalOf = (result: ReturnType<typeof caps>) =>
  Either.match(result, {
    onLeft: (r) => r.reason,
    onRight: (s) => [s.notional.toNumber(), s.binding, s.boosted] as const
  })

describe("sizing", () => {
  it("takes the target leverage, capped by the global and the tier maximum (unknown tier → C)", () => {
    expect(sizingLeverage(params, tiers, "A").toNumber()).toBe(7)
    expect(sizingLeverage(params, tiers, "B").toNumber()).toBe(5)
    expect(sizingLeverage(params, tiers, undefined).toNumber()).toBe(3)
    expect(maxPositionUsd(params, tiers, "B").toNumber()).toBe(50_000)
  })

  it("sizes by each method of §3.3", () => {
    expect(base({})).toBe(2100)
    expect(base({ sizing_method: "fixed", risk_per_trade_pct: 0.005 })).toBe(2500)
    expect(kellyFraction(params).toNumber()).toBe(0.3)
    expect(kellyFraction({ ...params, kelly_max_fraction: 0.5 }).toNumber()).toBe(0.325)
    // risk $ = min(10 000 × 0.30, 10 000 × 0.03) = 300 over a 2 % stop
    expect(base({ sizing_method: "kelly" })).toBe(15_000)
    expect(base({ sizing_method: "kelly", kelly_win_prob: 0.3 })).toBe(0)
    expect(base({ sizing_method: "volatility", risk_per_trade_pct: 0.005 }, 2)).toBe(1750)
    expect(base({ sizing_method: "volatility", risk_per_trade_pct: 0.005 }, 0.4)).toBe(3000)
    expect(base({ sizing_method: "kelly_volatility" }, 1)).toBe(15_000)
  })
})

describe("cap chain", () => {
  it("boosts an auction override toward the margin target, never past the boost factor (spec examples)", () => {
    expect(notionalOf(caps({ override: true }))).toEqual([420, "utilisation_boost", true])
    expect(notionalOf(caps({ override: true }, { utilisation_boost_max_factor: 1.5 }))).toEqual([
      315,
      "utilisation_boost",
      true
    ])
    expect(notionalOf(caps({ override: false }))).toEqual([210, "base", false])
    expect(notionalOf(caps({ override: true }, { sizing_method: "fixed" }))).toEqual([210, "override", false])
  })

  it("caps at max USD and buying power on the base path only, and at the single-position margin always", () => {
    expect(notionalOf(caps({ notional: d(9000), maxUsd: d(5000) }))).toEqual([1750, "single_margin", false])
    expect(notionalOf(caps({ notional: d(900), maxUsd: d(500) }))).toEqual([500, "max_position_usd", false])
    // an override skips the base caps; the boost never goes past the max-USD ceiling
    expect(notionalOf(caps({ notional: d(900), maxUsd: d(500), override: true }))).toEqual([900, "override", false])
    expect(notionalOf(caps({ notional: d(8000) }, { max_single_position_margin_pct_equity: 2 }))).toEqual([
      7000,
      "buying_power",
      false
    ])
  })

  it("caps at the aggregate margin headroom, refusing below the minimum notional", () => {
    // limit 2 000 margin; 1 900 used leaves 100 × 7 = 700 notional
    expect(notionalOf(caps({ notional: d(1500), existingMargin: d(1900) }))).toEqual([700, "aggregate_margin", false])
    expect(notionalOf(caps({ existingMargin: d(1999) }))).toBe("AGGREGATE_MARGIN_HEADROOM")
    expect(notionalOf(caps({ notional: d(9) }))).toBe("BELOW_MIN_NOTIONAL")
  })

  it("respects the available margin unless told to skip it", () => {
    expect(notionalOf(caps({ availableMargin: d(0) }))).toBe("NO_AVAILABLE_MARGIN")
    expect(notionalOf(caps({ availableMargin: d(20) }))).toEqual([133, "available_margin", false])
    expect(notionalOf(caps({ availableMargin: d(1) }))).toBe("AVAILABLE_MARGIN_BELOW_MIN")
    expect(notionalOf(caps({ availableMargin: d(0), skipMarginCheck: true }))).toEqual([210, "base", false])
  })

  it("caps the loss at the stop, and refuses when even the minimum notional loses too much", () => {
    expect(notionalOf(caps({ stopPct: d("0.5") }, { max_loss_per_trade_usd: 50 }))).toEqual([100, "max_loss", false])
    expect(notionalOf(caps({ stopPct: d("0.6") }, { max_loss_per_trade_usd: 5 }))).toBe("MAX_LOSS_PER_TRADE")
  })

  it("refuses an effective leverage above the sizing leverage", () => {
    const loose = { max_single_position_margin_pct_equity: 2, max_aggregate_margin_pct_equity: 5 }
    expect(notionalOf(caps({ notional: d(8000), override: true }, { ...loose, auction_mode_enabled: false }))).toBe(
      "LEVERAGE_ABOVE_MAX"
    )
  })
})
