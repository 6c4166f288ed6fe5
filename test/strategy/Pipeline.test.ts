import { describe, expect, it } from "vitest"
import { analyze, initialStrategyState, type StrategyInputs } from "../../src/strategy/Analyze.ts"
import type { Evaluation } from "../../src/strategy/Evaluate.ts"
import { type StrategyParams, strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, cut, type Row } from "./bars.ts"
import { sliceBars } from "./replay.ts"
import { bearishFlipRows, longScenario, shortScenario, withDecisionRows } from "./scenario.ts"

const noHtf = strategyParams({ higher_tf_enabled: false })
const run = (inputs: StrategyInputs, params: StrategyParams = noHtf, now = 123): Evaluation =>
  analyze(inputs, initialStrategyState, now, params).evaluation
const codeOf = (e: Evaluation): string => (e.kind === "reject" ? e.code : "TRADE")
const long = longScenario()
const withRow = (row: Row): StrategyInputs => {
  const d = long.decision
  const rows: Array<Row> = Array.from({ length: d.length }, (_, i) => [d.open[i]!, d.high[i]!, d.low[i]!, d.close[i]!])
  return { ...long.inputs, decision: barsOf([...rows, row], 4 * 3_600_000, d.openTime[0]!) }
}

describe("golden: real signals", () => {
  it("long: OB 164–167 on the 0.618 level, stop below by 0.225 ATR, TP at 2 R", () => {
    const { evaluation: e, signal } = analyze(long.inputs, initialStrategyState, 0, noHtf)
    if (e.kind !== "trade") throw new Error(`expected a trade, got ${codeOf(e)}`)
    expect(e.side).toBe("long")
    expect(e.orderBlock).toMatchObject({ index: 57, low: 164, high: 167 })
    expect(e.structure.fvg).toMatchObject({ index: 23, bottom: 160.5, top: 162 })
    expect(e.structure.bos).toBe(false)
    expect(e.levels.entry).toBe(167)
    expect(e.levels.stop).toBe(164 - e.atr * ((0.15 + 0.3) / 2))
    expect(e.levels.takeProfit).toBe(167 + 2 * (167 - e.levels.stop))
    expect(e.score).toMatchObject({ smc: 18, fib: 10, htf: 20, adx: 15, cost: 15, total: 78 })
    expect(e.regime).toBe("tight_smc")
    expect(signal._tag).toBe("TradeSignal")
    if (signal._tag === "TradeSignal") {
      expect(signal.entryPrice.toString()).toBe("167")
      expect(signal.stopLoss.toString()).toBe(String(e.levels.stop))
      expect(signal.structure.orderBlock?.index).toBe(57)
      expect(signal.setupType).toBe("ob")
      expect(signal.timestamp).toBe(long.decision.openTime[long.decision.length - 1])
    }
  })

  it("short: the mirrored series gives the mirrored setup", () => {
    const e = run(shortScenario().inputs)
    if (e.kind !== "trade") throw new Error(`expected a trade, got ${codeOf(e)}`)
    expect(e.side).toBe("short")
    expect(e.orderBlock).toMatchObject({ index: 57, low: 233, high: 236 })
    expect(e.levels.entry).toBe(233)
    expect(e.levels.stop).toBe(236 + e.atr * ((0.15 + 0.3) / 2))
    expect(e.levels.takeProfit).toBeCloseTo(233 - 2 * (e.levels.stop - 233), 9)
    expect(e.score.total).toBe(78)
  })
})

describe("rejections, in evaluation order", () => {
  it("missing data: 15m, decision, 1h — regime no_data, stamped with now", () => {
    const empty = cut(long.decision, 0)
    for (const inputs of [
      { ...long.inputs, m15: empty },
      { ...long.inputs, decision: empty },
      { ...long.inputs, hourly: empty }
    ]) {
      expect(run(inputs, noHtf, 999)).toMatchObject({ code: "MISSING_DATA", regime: "no_data", timestamp: 999 })
    }
  })

  it("no daily candles: regime from the 1h ADX heuristic", () => {
    expect(run({ ...long.inputs, daily: cut(long.inputs.daily, 0) })).toMatchObject({
      code: "NO_DAILY_DATA",
      regime: "wide_structure"
    })
  })

  it("neutral bias (under 200 daily bars) is rejected before any structure search", () => {
    expect(run({ ...long.inputs, daily: cut(long.inputs.daily, 150) })).toMatchObject({
      code: "NO_DECISION_STRUCTURE",
      regime: "no_4h_structure",
      bias: "neutral"
    })
  })

  it("no order block, too few decision bars, or a required BOS missing", () => {
    expect(run({ ...long.inputs, decision: cut(long.decision, 57) })).toMatchObject({ code: "NO_DECISION_STRUCTURE" })
    expect(run({ ...long.inputs, decision: cut(long.decision, 45) }).reasoning.at(-1)).toBe(
      "fewer than 50 decision bars"
    )
    const e = run(long.inputs, strategyParams({ higher_tf_enabled: false, require_bos_confirmation: true }))
    expect(e).toMatchObject({ code: "NO_DECISION_STRUCTURE", regime: "no_4h_structure" })
  })

  it("weekly zone: hard mode rejects, soft mode costs 18 points and fails the score gate", () => {
    expect(run(long.inputs, strategyParams({ higher_tf_mode: "hard" }))).toMatchObject({
      code: "HTF_OUTSIDE_WEEKLY_ZONE",
      regime: "tight_smc"
    })
    const soft = run(long.inputs, strategyParams({ higher_tf_mode: "soft" }))
    expect(soft).toMatchObject({ code: "SCORE_BELOW_THRESHOLD", threshold: 65 })
    expect(soft.score?.total).toBe(60)
  })

  it("structure tracker: waiting for a change when require_ms_change_confirmation is on", () => {
    const e = run(long.inputs, strategyParams({ higher_tf_enabled: false, require_ms_change_confirmation: true }))
    expect(e).toMatchObject({ code: "STRUCTURE_CHANGE_UNCONFIRMED" })
  })

  it("ADX: unavailable with under 28 1h bars, below threshold in a choppy 1h market", () => {
    expect(run({ ...long.inputs, hourly: cut(long.inputs.hourly, 20) })).toMatchObject({
      code: "INDICATORS_UNAVAILABLE"
    })
    const chop = barsOf(
      Array.from({ length: 60 }, (_, i): Row => (i % 2 ? [150, 151, 149, 150] : [151, 152, 150, 151]))
    )
    expect(run({ ...long.inputs, hourly: chop })).toMatchObject({ code: "ADX_BELOW_THRESHOLD" })
  })

  it("a setup closed through its stop, or already past its target, is dead (unless the fix is off)", () => {
    const stopped = run(withRow([173, 173.2, 160, 160.5]))
    expect(stopped).toMatchObject({ code: "PRICE_OUTSIDE_ZONE" })
    expect(stopped.reasoning.at(-1)).toMatch(/^closed beyond the stop .* at bar 63$/)
    const reached = run(withRow([173, 180, 172.8, 179.5]))
    expect(reached).toMatchObject({ code: "PRICE_OUTSIDE_ZONE" })
    expect(reached.reasoning.at(-1)).toMatch(/^price already beyond the take profit/)
    const original = strategyParams({ higher_tf_enabled: false, invalidate_traded_setups: false })
    expect(run(withRow([173, 180, 172.8, 179.5]), original).kind).toBe("trade")
  })

  it("Fib gate: entry neither in OTE nor within the proximity of a level", () => {
    expect(run(long.inputs, strategyParams({ higher_tf_enabled: false, fib_proximity_bps: 0 }))).toMatchObject({
      code: "NOT_IN_FIB_ZONE"
    })
  })

  it("no Fibonacci levels: under 20 decision bars (reachable only with orderblock_lookback < 20)", () => {
    const decision = sliceBars(long.decision, 44, 63) // 19 bars, the order block at 13
    const e = run({ ...long.inputs, decision }, strategyParams({ higher_tf_enabled: false, orderblock_lookback: 15 }))
    expect(e).toMatchObject({ code: "NO_FIB_LEVELS", regime: "tight_smc" })
    expect(e.reasoning).toContain("order block bullish at bar 13: 164–167")
  })

  it("direction conflict: a confirmed structure change against the bias, after the Fib gate", () => {
    const inputs = withDecisionRows(bearishFlipRows())
    const e = run(inputs)
    expect(e).toMatchObject({ code: "DIRECTION_CONFLICT", regime: "tight_smc" })
    expect(e.reasoning.at(-1)).toBe("structure turned bearish against the bias")
    const signal = analyze(inputs, initialStrategyState, 0, noHtf).signal
    expect(signal).toMatchObject({ _tag: "NoSignal", code: "DIRECTION_CONFLICT", higherTfBias: "bullish" })
    // One bar earlier the structure was still bullish: the same setup trades.
    expect(run({ ...inputs, decision: cut(inputs.decision, inputs.decision.length - 1) }).kind).toBe("trade")
  })

  it("score gate carries the breakdown and the threshold", () => {
    const e = run(long.inputs, strategyParams({ higher_tf_enabled: false, min_score_tight_smc_aligned: 79 }))
    expect(e).toMatchObject({ code: "SCORE_BELOW_THRESHOLD", threshold: 79 })
    expect(e.score?.total).toBe(78)
  })

  it("emit once: the same setup on the next tick is a duplicate unless dedupe is off", () => {
    const first = analyze(long.inputs, initialStrategyState, 0, noHtf)
    const second = analyze(long.inputs, first.state, 0, noHtf)
    expect(second.evaluation).toMatchObject({ code: "DUPLICATE_STRUCTURE", regime: "tight_smc" })
    expect(second.signal._tag).toBe("NoSignal")
    const off = strategyParams({ higher_tf_enabled: false, signal_structure_dedupe_enabled: false })
    expect(analyze(long.inputs, first.state, 0, off).evaluation.kind).toBe("trade")
  })
})

describe("determinism", () => {
  it("same inputs, fresh states → identical results, whatever was analysed in between", () => {
    const a = run(long.inputs)
    run(shortScenario().inputs)
    expect(run(long.inputs)).toEqual(a)
  })
})
