import { describe, expect, it } from "vitest"
import { adxPoints, costPoints, htfPoints, scoreSetup, scoreThreshold, smcPoints } from "../../src/strategy/Scoring.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"

describe("scoring (spec §5 pins)", () => {
  it("SMC quality: OB 10, FVG 8, BOS 7, capped at 25", () => {
    expect(smcPoints({ orderBlock: true, fvg: true, bos: true })).toBe(25)
    expect(smcPoints({ orderBlock: true, fvg: false, bos: false })).toBe(10)
    expect(smcPoints({ orderBlock: true, fvg: false, bos: true })).toBe(17)
  })

  it("ADX bands and cost bands", () => {
    expect([45, 35, 27, 22, 15, Number.NaN].map(adxPoints)).toEqual([15, 12, 10, 7, 0, 0])
    expect([5, 15, 25, 45, 100].map(costPoints)).toEqual([20, 15, 10, 5, 0])
  })

  it("HTF: aligned 20, neutral 10, counter-trend 0", () => {
    expect(htfPoints("long", "bullish")).toBe(20)
    expect(htfPoints("short", "bullish")).toBe(0)
    expect(htfPoints("short", "neutral")).toBe(10)
  })

  it("total adds bonus, penalty, thesis adjustment and tolerance penalty; thresholds follow regime and bias", () => {
    const params = strategyParams()
    const s = scoreSetup(
      {
        side: "long",
        bias: "bullish",
        smc: { orderBlock: true, fvg: true, bos: false },
        fib: undefined,
        entry: 100,
        adx: 31,
        higherTfBonus: 0.4,
        higherTfPenalty: -18,
        thesisScoreAdjustment: 2,
        entryTolerancePenalty: -5
      },
      params
    )
    expect(s).toMatchObject({ smc: 18, fib: 0, htf: 20, adx: 12, cost: 15, entryTolerancePenalty: -5 })
    expect(s.total).toBeCloseTo(18 + 20 + 12 + 15 + 0.4 - 18 + 2 - 5, 12)
    expect(scoreThreshold(params, false, "bullish")).toBe(65)
    expect(scoreThreshold(params, false, "neutral")).toBe(75)
    expect(scoreThreshold(params, true, "bearish")).toBe(60)
    expect(scoreThreshold(params, true, "neutral")).toBe(70)
  })
})
