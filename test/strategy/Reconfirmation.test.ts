import { describe, expect, it } from "vitest"
import { analyze, initialStrategyState, type StrategyInputs } from "../../src/strategy/Analyze.ts"
import type { Evaluation } from "../../src/strategy/Evaluate.ts"
import { entryZoneTolerance } from "../../src/strategy/Reconfirmation.ts"
import { type StrategyParams, strategyParams } from "../../src/strategy/StrategyParams.ts"
import type { Row } from "./bars.ts"
import { bearishFlipRows, bullishFlipRows, longScenario, withDecisionRows } from "./scenario.ts"

/** Reconfirmation on (production skips it); no weekly gate so the tracker step is reached. */
const reconfirming = (overrides: Partial<StrategyParams> = {}) =>
  strategyParams({ higher_tf_enabled: false, skip_reconfirmation_in_trends: false, ...overrides })
const fixedBand = { entry_zone_tolerance_pct: 0.015, entry_zone_tolerance_adaptive: false }
const run = (inputs: StrategyInputs, params: StrategyParams): Evaluation =>
  analyze(inputs, initialStrategyState, 0, params).evaluation

// 15m bars after the flip: the first reaches 173.5 (beyond the break price 173), the last closes as given.
const m15Closing = (close: number, high = 173.5): Array<Row> => [
  [172, high, 171.8, 172.5],
  [172.5, 172.6, 168, 168.5],
  [168.5, Math.max(168.6, close + 0.1), Math.min(168.5, close) - 0.5, close]
]

describe("reconfirmation after a structure change (spec §3.7, skip_reconfirmation_in_trends: false)", () => {
  it("the band: entry_zone_tolerance_pct plus ATR/price × mult when adaptive, capped at 5 %", () => {
    const params = strategyParams({ entry_zone_tolerance_pct: 0.015, entry_zone_tolerance_atr_mult: 0.3 })
    expect(entryZoneTolerance(params, 2, 100)).toBeCloseTo(0.015 + 0.006, 12)
    expect(entryZoneTolerance({ ...params, entry_zone_tolerance_adaptive: false }, 2, 100)).toBe(0.015)
    expect(entryZoneTolerance(params, 50, 100)).toBe(0.05)
    expect(entryZoneTolerance(params, Number.NaN, 100)).toBe(0.015)
  })

  it("15m close inside the order block and a 15m high beyond the break price: entry ready, no cost", () => {
    const e = run(withDecisionRows(bullishFlipRows(), m15Closing(166.5)), reconfirming())
    if (e.kind !== "trade") throw new Error(`expected a trade, got ${e.code}`)
    expect(e.score).toMatchObject({ entryTolerancePenalty: 0, total: 78 })
    expect(e.reasoning).toContain("reconfirmed: 15m close 166.5 in the zone")
  })

  it("inside the tolerance band only: entry ready at entry_zone_tolerance_score_penalty points", () => {
    const { evaluation: e, signal } = analyze(
      withDecisionRows(bullishFlipRows(), m15Closing(168)),
      initialStrategyState,
      0,
      reconfirming(fixedBand)
    )
    if (e.kind !== "trade") throw new Error(`expected a trade, got ${e.code}`)
    expect(e.score).toMatchObject({ entryTolerancePenalty: -5, total: 73 })
    if (signal._tag === "TradeSignal") expect(signal.scoreBreakdown.entryTolerancePenalty).toBe(-5)
  })

  it("outside the band, no 15m break, or under 3 15m bars: waiting (STRUCTURE_CHANGE_UNCONFIRMED)", () => {
    const waiting = (m15: Array<Row>) => run(withDecisionRows(bullishFlipRows(), m15), reconfirming(fixedBand))
    expect(waiting(m15Closing(171))).toMatchObject({ code: "STRUCTURE_CHANGE_UNCONFIRMED", regime: "tight_smc" })
    expect(waiting(m15Closing(171)).reasoning.at(-1)).toBe(
      "waiting for reconfirmation: 15m close 171 outside 164–167 ± 1.5 %"
    )
    expect(waiting(m15Closing(166.5, 172.9)).reasoning.at(-1)).toBe(
      "waiting for reconfirmation: 15m high 172.9 not beyond the break price 173"
    )
    expect(waiting(m15Closing(166.5).slice(1)).reasoning.at(-1)).toBe("fewer than 3 15m bars to reconfirm on")
  })

  it("with skip on (production), or without a change event, the 15m bars do not matter", () => {
    const flip = withDecisionRows(bullishFlipRows(), m15Closing(171))
    expect(run(flip, strategyParams({ higher_tf_enabled: false })).kind).toBe("trade")
    const noChange = { ...longScenario().inputs, m15: flip.m15 }
    expect(run(noChange, reconfirming()).kind).toBe("trade")
  })

  it("entry ready on a change against the bias still ends in DIRECTION_CONFLICT", () => {
    // Bearish change, break price 170.5: a 15m low below it, and a close back inside the order block.
    const m15: Array<Row> = [
      [171, 171.2, 170, 170.2],
      [170.2, 170.4, 167, 167.5],
      [167.5, 167.8, 166, 166.5]
    ]
    const e = run(withDecisionRows(bearishFlipRows(), m15), reconfirming())
    expect(e).toMatchObject({ code: "DIRECTION_CONFLICT" })
    expect(e.reasoning).toContain("reconfirmed: 15m close 166.5 in the zone")
  })
})
