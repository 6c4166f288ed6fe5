import { describe, expect, it } from "vitest"
import { analyze, initialStrategyState } from "../../src/strategy/Analyze.ts"
import { Rsi, rsiSeries } from "../../src/strategy/Indicators.ts"
import { rsiDivergence } from "../../src/strategy/RsiDivergence.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import type { Bars } from "../../src/strategy/Types.ts"
import { barsOf, cut, type Row } from "./bars.ts"
import { longScenario } from "./scenario.ts"

/** A sharp fall (RSI 0), a slow rise, then one bar to a lower low: price lower, RSI higher than at the fall. */
const closes = [
  ...Array.from({ length: 10 }, (_, i) => 100 - 3 * i),
  ...Array.from({ length: 9 }, (_, k) => 74 + k),
  70
]
const rowsOf = (cs: ReadonlyArray<number>): Array<Row> => cs.map((c): Row => [c, c + 0.5, c - 0.5, c])
const divergenceOf = (bars: Bars, period = 3, lookback = 20) => {
  const rsi = new Rsi(period, lookback)
  for (let i = 0; i < bars.length; i++) rsi.push(bars.close[i]!)
  return rsiDivergence(bars, rsi, lookback)
}

describe("RSI divergence (spec §2, a reasoning line only)", () => {
  it("the accumulator keeps its last values and matches the series", () => {
    const rsi = new Rsi(3, 4)
    for (const c of closes) rsi.push(c)
    const series = rsiSeries(closes, 3)
    for (let back = 0; back < 4; back++) expect(rsi.at(back)).toBe(series[closes.length - 1 - back])
    expect(rsi.at(4)).toBeNaN()
  })

  it("bullish: a lower low than the window's first 15 bars with a higher RSI; bearish mirrored", () => {
    expect(divergenceOf(barsOf(rowsOf(closes)))).toBe("bullish")
    expect(divergenceOf(barsOf(rowsOf(closes.map((c) => 200 - c))))).toBe("bearish")
  })

  it("none: no new extreme, or fewer bars than the lookback", () => {
    const noNewLow = [...closes.slice(0, -1), 76]
    expect(divergenceOf(barsOf(rowsOf(noNewLow)))).toBe("none")
    expect(divergenceOf(cut(barsOf(rowsOf(closes)), 19))).toBe("none")
  })

  it("in the pipeline: one reasoning line when rsi_divergence_enabled, the decision unchanged", () => {
    const inputs = longScenario().inputs
    const off = analyze(inputs, initialStrategyState, 0, strategyParams({ higher_tf_enabled: false })).evaluation
    const on = analyze(
      inputs,
      initialStrategyState,
      0,
      strategyParams({ higher_tf_enabled: false, rsi_divergence_enabled: true })
    ).evaluation
    const line = on.reasoning.find((l) => l.startsWith("RSI divergence: "))
    expect(line).toMatch(/^RSI divergence: (bullish|bearish|none)$/)
    expect({ ...on, reasoning: on.reasoning.filter((l) => l !== line) }).toEqual(off)
    expect(off.reasoning.some((l) => l.startsWith("RSI"))).toBe(false)
  })
})
