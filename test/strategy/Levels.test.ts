import { describe, expect, it } from "vitest"
import { computeLevels, stopMultiplier } from "../../src/strategy/Levels.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, type Row } from "./bars.ts"

const params = strategyParams()
/** 1h bars whose fractal highs are 103, 106.5, 110 and fractal lows 85, 85 (lows are highs − 5). */
const hourly = barsOf(
  [90, 103, 90, 106.5, 90, 110, 90].map((h): Row => [h - 1, h, h - 5, h - 1]),
  3_600_000
)

describe("levels", () => {
  it("spec §4 worked example: long OB 98–100, ATR 4 → stop 97.1, TP 106.5, candidates nearest first", () => {
    const levels = computeLevels(
      { side: "long", entry: 100, invalidation: 98, atr: 4, wide: false, recentStopOuts: 0, hourly },
      params
    )
    expect(levels?.stopMultiplier).toBe((0.15 + 0.3) / 2)
    expect(levels?.stop).toBeCloseTo(97.1, 12)
    expect(levels?.risk).toBeCloseTo(2.9, 12)
    expect(levels?.takeProfit).toBe(106.5)
    expect(levels?.tpCandidates).toEqual([103, 106.5, 110])
  })

  it("shorts mirror; with no swing far enough the TP falls back to entry ± min R:R × risk", () => {
    const input = {
      side: "short",
      entry: 100,
      invalidation: 102,
      atr: 4,
      wide: false,
      recentStopOuts: 0,
      hourly
    } as const
    const short = computeLevels(input, params)
    expect(short?.stop).toBeCloseTo(102.9, 12)
    expect(short?.takeProfit).toBe(85)
    expect(short?.tpCandidates).toEqual([85, 85])
    const far = computeLevels(input, strategyParams({ tight_smc_min_rr: 6 }))
    expect(far?.takeProfit).toBeCloseTo(100 - 6 * 2.9, 12)
  })

  it("uses tight_smc_min_rr (the original ignored the configured value)", () => {
    const levels = computeLevels(
      { side: "long", entry: 100, invalidation: 98, atr: 4, wide: false, recentStopOuts: 0, hourly },
      strategyParams({ tight_smc_min_rr: 3 })
    )
    expect(levels?.takeProfit).toBe(110)
  })

  it("widens the stop after repeated stop-outs: × min(1.5 + 0.25 × (n − 2), 2)", () => {
    const base = (0.15 + 0.3) / 2
    expect(stopMultiplier(params, false, 1)).toBe(base)
    expect(stopMultiplier(params, false, 2)).toBe(base * 1.5)
    expect(stopMultiplier(params, false, 3)).toBe(base * 1.75)
    expect(stopMultiplier(params, false, 9)).toBe(base * 2)
    expect(stopMultiplier(strategyParams({ stop_widen_enabled: false }), false, 9)).toBe(base)
    expect(stopMultiplier(params, true, 0)).toBe(0.55)
  })

  it("returns nothing for a zero risk instead of inventing one", () => {
    expect(
      computeLevels(
        { side: "long", entry: 100, invalidation: 100, atr: 0, wide: false, recentStopOuts: 0, hourly },
        params
      )
    ).toBeUndefined()
  })
})
