import { describe, expect, it } from "@effect/vitest"
import { futuresLevels } from "../../src/decision/FuturesLevels.ts"
import { takeProfitLadder } from "../../src/decision/TakeProfitLadder.ts"
import { d, settings, signal } from "./DecisionFixtures.ts"

const tick = d(0.01)
const ladderOf = (s: ReturnType<typeof signal>, multiTp = settings.multiTp, reference = 100) =>
  takeProfitLadder(s.side, s.regime, futuresLevels(s, d(reference), tick, 0.003), tick, multiTp)
const text = (ladder: ReturnType<typeof ladderOf>) =>
  [ladder.tp1Price, ladder.tp2Price, ladder.finalTarget].map((p) => p?.toString())

describe("takeProfitLadder (§5.5)", () => {
  it("fills the slots with structural levels first, nearest first, then R multiples", () => {
    // R = 2: one structural level at 103 takes a slot; the free slot is TP2 at 2.5 R = 105.
    expect(text(ladderOf(signal("ETH/USD", { tpCandidates: [103] })))).toEqual(["103", "105", "106"])
    expect(text(ladderOf(signal("ETH/USD", { tpCandidates: [108, 103.5, 101] })))).toEqual(["101", "103.5", "106"])
  })

  it("drops structural levels too close to entry and keeps the targets in profit order for a short", () => {
    const short = signal("ETH/USD", { side: "short", tpCandidates: [99.9, 97] })
    expect(text(ladderOf(short))).toEqual(["97", "95", "94"])
  })

  it("converts structural levels to the perpetual by percentage distance", () => {
    // The perpetual trades 1 % above spot: a spot level at 103 becomes 104.03.
    expect(ladderOf(signal("ETH/USD", { tpCandidates: [103] }), settings.multiTp, 101).tp1Price?.toString()).toBe(
      "104.03"
    )
  })

  it("uses the regime's split when regime sizing is on, the base split otherwise", () => {
    const wide = ladderOf(signal("ETH/USD", { regime: "wide_structure", setupType: "bos", stopPct: 0.03 }))
    expect([wide.tp1Fraction.toNumber(), wide.tp2Fraction.toNumber()]).toEqual([0.35, 0.35])
    const base = ladderOf(signal("ETH/USD"), { ...settings.multiTp, regime_runner_sizing_enabled: false })
    expect([base.tp1Fraction.toNumber(), base.tp2Fraction.toNumber()]).toEqual([0.4, 0.4])
  })

  it("legacy mode: three slots, the last is the final target", () => {
    const legacy = ladderOf(signal("ETH/USD"), { ...settings.multiTp, runner_has_fixed_tp: true })
    expect(text(legacy)).toEqual(["102", "105", "106"])
  })

  it("with multi_tp off the signal's own target closes everything", () => {
    const single = ladderOf(signal("ETH/USD", { targetR: 4 }), { ...settings.multiTp, enabled: false })
    expect(text(single)).toEqual(["108", undefined, "108"])
    expect([single.tp1Fraction.toNumber(), single.tp2Fraction.toNumber()]).toEqual([1, 0])
  })
})
