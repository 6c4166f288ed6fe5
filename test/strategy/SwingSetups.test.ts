import { describe, expect, it } from "vitest"
import { analyze, initialStrategyState, type StrategyInputs } from "../../src/strategy/Analyze.ts"
import type { Evaluation, Setup } from "../../src/strategy/Evaluate.ts"
import { type StrategyParams, strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, cut, type Row } from "./bars.ts"
import { swingBosRows, swingFvgRows, withDecisionRows } from "./scenario.ts"

const swing = strategyParams({ structure_model: "swing", swing_length: 2, higher_tf_enabled: false })
const run = (inputs: StrategyInputs, params: StrategyParams = swing): Evaluation =>
  analyze(inputs, initialStrategyState, 0, params).evaluation
const trade = (e: Evaluation): Setup => {
  if (e.kind !== "trade") throw new Error(`expected a trade, got ${e.code}: ${e.reasoning.at(-1)}`)
  return e
}
const replaceRow = (rows: Array<Row>, index: number, row: Row): Array<Row> =>
  rows.map((r, i) => (i === index ? row : r))

describe("swing model: setups without an order block (spec §3.5, §4, §11)", () => {
  it("FVG only: entry at the gap's top, invalidation at its bottom, tight regime, 2 R", () => {
    const { evaluation, signal } = analyze(withDecisionRows(swingFvgRows()), initialStrategyState, 0, swing)
    const e = trade(evaluation)
    expect(e).toMatchObject({ setupType: "fvg", regime: "tight_smc", side: "long", orderBlock: undefined })
    expect(e.structure.fvg).toMatchObject({ index: 57, bottom: 152.3, top: 154 })
    expect(e.levels.entry).toBe(154)
    expect(e.levels.stop).toBe(152.3 - e.atr * ((0.15 + 0.3) / 2))
    expect(e.levels.takeProfit).toBe(154 + 2 * (154 - e.levels.stop))
    expect(e.score).toMatchObject({ smc: 8, fib: 10, htf: 20, adx: 15, cost: 15, total: 68 })
    expect(e.threshold).toBe(65)
    expect(signal._tag).toBe("TradeSignal")
    if (signal._tag === "TradeSignal") {
      expect(signal.setupType).toBe("fvg")
      expect(signal.structure.orderBlock).toBeUndefined()
      expect(signal.structure.fvg).toMatchObject({ type: "bullish", index: 57, bottom: 152.3, top: 154 })
      expect(signal.setupId).toBe(e.setupId)
      expect(e.setupId).toMatch(/^fvg\|long\|/)
    }
  })

  it("FVG touched again (mitigated): nothing left to trade", () => {
    const rows = [...swingFvgRows(), [157, 157.5, 153.9, 156] as Row]
    expect(run(withDecisionRows(rows))).toMatchObject({
      code: "NO_DECISION_STRUCTURE",
      regime: "no_4h_structure",
      reasoning: expect.arrayContaining(["no order block, fair value gap or break in bias"])
    })
  })

  it("BOS only: entry at the last close, invalidation at the swing the break left behind, wide regime, 1.5 R", () => {
    const { evaluation, signal } = analyze(withDecisionRows(swingBosRows()), initialStrategyState, 0, swing)
    const e = trade(evaluation)
    expect(e).toMatchObject({ setupType: "bos", regime: "wide_structure", side: "long", orderBlock: undefined })
    expect(e.structure.lastBreak).toMatchObject({
      kind: "BOS",
      direction: "bullish",
      index: 48,
      level: 137,
      invalidationLevel: 128,
      brokenAt: 53
    })
    expect(e.levels.entry).toBe(136)
    expect(e.levels.stop).toBe(128 - e.atr * ((0.5 + 0.6) / 2))
    expect(e.levels.minRewardRisk).toBe(1.5)
    expect(e.levels.takeProfit).toBe(136 + 1.5 * (136 - e.levels.stop))
    expect(e.score).toMatchObject({ smc: 7, fib: 10, htf: 20, adx: 15, cost: 15, total: 67 })
    expect(e.threshold).toBe(60)
    if (signal._tag === "TradeSignal") {
      expect(signal).toMatchObject({ setupType: "bos", regime: "wide_structure" })
      expect(signal.structure).toEqual({ bos: true })
    }
  })

  it("the BOS is not known before swing d is confirmed (bar 57), and is undone by a close past c", () => {
    const bos = withDecisionRows(swingBosRows())
    // Cut at bar 56: the break happened (bar 53) but the pattern needs d = 55 confirmed 2 bars later.
    // Until then the order block of the break (not yet traded through) is the setup.
    const early = trade(run({ ...bos, decision: cut(bos.decision, 57) }))
    expect(early.structure.lastBreak).toBeUndefined()
    expect(early.setupType).toBe("ob")
    // A close at 127 (above the stop) breaks c = 128: a bearish CHoCH is now the latest break.
    const undone = run(withDecisionRows([...swingBosRows(), [136, 136.2, 126.5, 127]]))
    expect(undone).toMatchObject({ code: "NO_DECISION_STRUCTURE" })
  })

  it("an unmitigated order block comes first: the same break without the wick trades the OB", () => {
    const rows = replaceRow(swingBosRows(), 58, [132.5, 133, 129, 131.5])
    const e = trade(run(withDecisionRows(rows)))
    expect(e).toMatchObject({ setupType: "ob", regime: "tight_smc" })
    expect(e.orderBlock).toMatchObject({ index: 51, low: 128, high: 131 })
    expect(e.levels.entry).toBe(131)
  })

  it("rejections after the setup carry its regime; emit once per setup", () => {
    const chop = barsOf(
      Array.from({ length: 60 }, (_, i): Row => (i % 2 ? [150, 151, 149, 150] : [151, 152, 150, 151]))
    )
    const bos = withDecisionRows(swingBosRows())
    expect(run({ ...bos, hourly: chop })).toMatchObject({ code: "ADX_BELOW_THRESHOLD", regime: "wide_structure" })
    const first = analyze(bos, initialStrategyState, 0, swing)
    expect(analyze(bos, first.state, 0, swing).evaluation).toMatchObject({
      code: "DUPLICATE_STRUCTURE",
      regime: "wide_structure"
    })
  })

  it("the wide regime has no Fibonacci gate: it only scores (a close off every level scores 0 Fib points)", () => {
    const rows = replaceRow(swingBosRows(), 60, [133.5, 134.2, 133, 134])
    const params = strategyParams({ ...swing, min_score_wide_structure_aligned: 55 })
    const e = trade(run(withDecisionRows(rows), params))
    expect(e.score.fib).toBe(0)
    expect(e.score.total).toBe(57)
    expect(run(withDecisionRows(rows))).toMatchObject({ code: "SCORE_BELOW_THRESHOLD", threshold: 60 })
  })

  it("the original model keeps its mandatory order block on the same bars", () => {
    expect(run(withDecisionRows(swingFvgRows()), strategyParams({ higher_tf_enabled: false }))).toMatchObject({
      code: "NO_DECISION_STRUCTURE",
      reasoning: expect.arrayContaining(["no valid order block"])
    })
  })
})
