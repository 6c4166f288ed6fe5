import { describe, expect, it } from "vitest"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { analyze, initialStrategyState } from "../../src/strategy/Analyze.ts"
import { dailyBias } from "../../src/strategy/Bias.ts"
import type { Setup } from "../../src/strategy/Evaluate.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { cut, randomWalk } from "./bars.ts"

const relaxed = {
  higher_tf_enabled: false,
  adx_threshold: 10,
  fib_proximity_bps: 100,
  min_score_tight_smc_aligned: 0,
  min_score_wide_structure_aligned: 0,
  signal_structure_dedupe_enabled: false
} as const

/** Every trade found over cut points of synthetic multi-timeframe walks. */
const trades = (model: "original" | "swing", seed: number): Array<Setup> => {
  const params = strategyParams({ ...relaxed, structure_model: model, swing_length: 5 })
  const daily = randomWalk(400, seed)
  const decision = randomWalk(700, seed + 100)
  const hourly = randomWalk(700, seed + 200)
  const found: Array<Setup> = []
  for (let n = 60; n <= decision.length; n += 3) {
    const e = analyze(
      {
        symbol: SpotSymbol.make("ETH/USD"),
        daily,
        decision: cut(decision, n),
        hourly: cut(hourly, n),
        m15: cut(hourly, n),
        recentStopOuts: n % 5
      },
      initialStrategyState,
      0,
      params
    ).evaluation
    if (e.kind === "trade") found.push(e)
  }
  return found
}

describe("level properties over synthetic data", () => {
  it.each([
    ["original", 1],
    ["original", 2],
    ["swing", 3],
    ["swing", 4]
  ] as const)(
    "%s model, seed %i: stop protective, TP beyond entry, R:R ≥ its regime's minimum, candidates ordered",
    (model, seed) => {
      const found = trades(model, seed)
      expect(found.length).toBeGreaterThan(3)
      const types = new Set(found.map((e) => e.setupType))
      expect([...types].sort()).toEqual(model === "original" ? ["ob"] : ["bos", "fvg", "ob"])
      for (const { side, regime, levels: l } of found) {
        const sign = side === "long" ? 1 : -1
        expect(l.minRewardRisk).toBe(regime === "wide_structure" ? 1.5 : 2)
        expect(sign * (l.entry - l.stop)).toBeGreaterThan(0)
        expect(sign * (l.takeProfit - l.entry)).toBeGreaterThan(0)
        expect(Math.abs(l.takeProfit - l.entry)).toBeGreaterThanOrEqual(l.minRewardRisk * l.risk * (1 - 1e-12))
        expect(l.risk).toBe(Math.abs(l.entry - l.stop))
        for (let k = 0; k < l.tpCandidates.length; k++) {
          const c = l.tpCandidates[k]!
          expect(sign * (c - l.entry)).toBeGreaterThan(0)
          if (k > 0) expect(sign * (c - l.tpCandidates[k - 1]!)).toBeGreaterThanOrEqual(0)
        }
      }
    }
  )
})

describe("bias", () => {
  it("neutral without an EMA, with EMA 0, or within the neutral zone; else the side of the EMA", () => {
    expect(dailyBias(Number.NaN, 100, 10)).toBe("neutral")
    expect(dailyBias(0, 100, 10)).toBe("neutral")
    expect(dailyBias(100, 100.09, 10)).toBe("neutral") // 9 bps
    expect(dailyBias(100, 100.2, 10)).toBe("bullish")
    expect(dailyBias(100, 99.8, 10)).toBe("bearish")
  })
})
