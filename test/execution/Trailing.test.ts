import { describe, expect, it } from "@effect/vitest"
import type { Side } from "../../src/domain/Side.ts"
import type { EntryPlan, ManagedPosition } from "../../src/execution/ManagedPosition.ts"
import { currentR, type TrailSettings, trailingStop } from "../../src/execution/Trailing.ts"
import { accepted, apply, d, filled, moveStop, pending, placements } from "./fixtures.ts"

const SETTINGS: TrailSettings = {
  enabled: true,
  atrMultiplier: d("1.5"),
  activationAtrMin: d(0),
  progressive: [
    { r: d(3), atrMultiplier: d("1.8") },
    { r: d(5), atrMultiplier: d("1.4") },
    { r: d(8), atrMultiplier: d("1.0") }
  ],
  finalTargetAtrMultiplier: d("1.2"),
  minMove: d("0.001")
}

/** The transition's record once every order it placed is acknowledged (the venue took them). */
const acknowledged = (t: ReturnType<typeof apply>): ManagedPosition =>
  placements(t.effects).reduce((r, request) => apply(r, accepted(request)).record, t.record)

const settle = (record: ManagedPosition, event: Parameters<typeof apply>[1]) => acknowledged(apply(record, event))

/** A filled position (entry 100, stop 95 / 105 for a short, TPs at 1 and 2 risks) with its orders working. */
const opened = (side: Side = "long", overrides: Partial<EntryPlan> = {}) => {
  const { record, entry } = pending(side, overrides)
  const fill = apply(apply(record, accepted(entry)).record, filled(entry, 1, 100))
  return { record: acknowledged(fill), tp1: placements(fill.effects)[1]! }
}

/** After TP1 (its whole size) filled: break-even moved the stop to the entry (wide structure), acknowledged. */
const afterTp1 = (side: Side = "long", overrides: Partial<EntryPlan> = {}) => {
  const { record, tp1 } = opened(side, overrides)
  return settle(record, filled(tp1, tp1.quantity.toString(), side === "long" ? 105 : 95))
}

const market = (mark: number | string, atr: number | string = 1) => ({
  mark: d(mark),
  atr: d(atr),
  tickSize: d("0.01")
})

describe("trailing stop (pure, trading-core §5.6)", () => {
  it("does not trail before TP1, break-even or an earlier trailing move", () => {
    const { record } = opened()
    expect(trailingStop(record, market(104), SETTINGS)).toBeUndefined()
  })

  it("after TP1 and break-even: mark − ATR × the configured multiplier, when it improves the stop", () => {
    const r = afterTp1()
    expect([r.breakEvenTriggered, r.stopPrice.toString(), r.stopTarget.toString()]).toEqual([true, "100", "100"])
    expect(trailingStop(r, market(104), SETTINGS)).toEqual({ price: d("102.5"), multiplier: d("1.5"), rule: "trail" })
    expect(trailingStop(r, market(104), { ...SETTINGS, atrMultiplier: d(2) })?.price.toString()).toBe("102")
    expect(trailingStop(r, market(101), SETTINGS)).toBeUndefined()
  })

  it("activation needs the minimum ATR once TP1 filled (no break-even for an unconfirmed tight setup)", () => {
    const r = afterTp1("long", { regime: "tight_smc" })
    expect([r.tp1Filled, r.breakEvenTriggered]).toEqual([true, false])
    const strict = { ...SETTINGS, activationAtrMin: d(1) }
    expect(trailingStop(r, market(104, "0.5"), strict)).toBeUndefined()
    expect(trailingStop(r, market(104, 1), strict)?.price.toString()).toBe("102.5")
  })

  it("progressive levels tighten by the current R, and never loosen the base trail", () => {
    const r = afterTp1("long", { finalTarget: d(200) })
    expect(currentR(r, d(116)).toString()).toBe("3.2")
    // R 3.2: the 3 R level's 1.8 is looser than the base 1.5, so the base stays
    expect(trailingStop(r, market(116, 2), SETTINGS)).toEqual({ price: d(113), multiplier: d("1.5"), rule: "trail" })
    expect(trailingStop(r, market(126, 2), SETTINGS)).toEqual({
      price: d("123.2"),
      multiplier: d("1.4"),
      rule: "progressive"
    })
    expect(trailingStop(r, market(141, 2), SETTINGS)?.multiplier.toString()).toBe("1")
    expect(trailingStop(r, market(126, 2), { ...SETTINGS, progressive: [] })?.rule).toBe("trail")
  })

  it("a runner that reached its final target trails at 1.2 ATR; a position without a runner does not", () => {
    const runner = afterTp1()
    expect(trailingStop(runner, market(116, 2), SETTINGS)).toEqual({
      price: d("113.6"),
      multiplier: d("1.2"),
      rule: "final_target"
    })
    const noRunner = afterTp1("long", { tp1Fraction: d("0.5"), tp2Fraction: d("0.5") })
    expect(trailingStop(noRunner, market(116, 2), SETTINGS)?.rule).toBe("trail")
    expect(trailingStop(runner, market(116, 2), { ...SETTINGS, finalTargetAtrMultiplier: undefined })?.rule).toBe(
      "trail"
    )
  })

  it("refuses moves under the minimum step, while a move is in flight, or behind the entry after break-even", () => {
    const r = settle(afterTp1(), moveStop("102.5"))
    expect(r.stopPrice.toString()).toBe("102.5")
    expect(trailingStop(r, market("104.05"), SETTINGS)).toBeUndefined()
    expect(trailingStop(r, market("104.2"), SETTINGS)?.price.toString()).toBe("102.7")
    const inFlight = apply(r, moveStop("103")).record
    expect(trailingStop(inFlight, market(110), SETTINGS)).toBeUndefined()
    const belowEntry: ManagedPosition = { ...afterTp1(), stopPrice: d(97), stopTarget: d(97) }
    expect(trailingStop(belowEntry, market("100.5"), SETTINGS)).toBeUndefined()
    expect(trailingStop(belowEntry, market(102), SETTINGS)?.price.toString()).toBe("100.5")
  })

  it("a short trails above the mark, rounded up to the tick", () => {
    const r = afterTp1("short")
    expect(r.stopPrice.toString()).toBe("100")
    expect(trailingStop(r, market("96.003"), { ...SETTINGS, atrMultiplier: d(1) })?.price.toString()).toBe("97.01")
    expect(trailingStop(r, market(99), SETTINGS)).toBeUndefined()
  })

  it("does nothing when disabled or without an ATR", () => {
    const r = afterTp1()
    expect(trailingStop(r, market(110), { ...SETTINGS, enabled: false })).toBeUndefined()
    expect(trailingStop(r, market(110, 0), SETTINGS)).toBeUndefined()
  })
})
