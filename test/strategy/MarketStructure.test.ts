import { describe, expect, it } from "vitest"
import { confirmationBars, structureChange, trackedStructure } from "../../src/strategy/MarketStructure.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, type Row } from "./bars.ts"

const params = strategyParams()
/** A rising zigzag: peaks at i ≡ 3 (mod 4), troughs at i ≡ 1 (mod 4), both higher each cycle. */
const zigzag = (n: number): Array<Row> =>
  Array.from({ length: n }, (_, i): Row => {
    const drift = i * 0.5
    if (i % 4 === 3) return [105 + drift, 110 + drift, 100 + drift, 106 + drift]
    if (i % 4 === 1) return [100 + drift, 104 + drift, 90 + drift, 99 + drift]
    return [102 + drift, 106 + drift, 96 + drift, 103 + drift]
  })

/** The zigzag then an outside bar (a lower swing high and a lower swing low at once) and a bar after it. */
const flip = (last: Row): Array<Row> => [...zigzag(30), [105, 120, 80, 82], last]

describe("market-structure tracker (stateless)", () => {
  it("a rising zigzag is BULLISH with its last fractal high and low", () => {
    const bars = barsOf(zigzag(30))
    // bar 29 is the window's last bar, so the last fractal low is bar 25's
    expect(trackedStructure(bars, 30, 20)).toEqual({
      state: "BULLISH",
      lastHigh: 110 + 27 * 0.5,
      lastLow: 90 + 25 * 0.5
    })
    expect(trackedStructure(bars, 24, 20)).toBeUndefined() // needs lookback + 5 bars
  })

  it("flip BULLISH → BEARISH at the newest bar: an event at the break price, confirmed when the bar holds below", () => {
    const held = barsOf(flip([80.2, 80.3, 80.1, 80.2]))
    expect(trackedStructure(held, 31, 20)?.state).toBe("BULLISH")
    expect(trackedStructure(held, 32, 20)?.state).toBe("BEARISH")
    expect(structureChange(held, 32, params, Number.NaN)).toEqual({
      direction: "bearish",
      breakPrice: 80,
      confirmationBars: 1,
      confirmed: true
    })
    const bounced = barsOf(flip([82, 90, 81, 89]))
    expect(structureChange(bounced, 32, params, Number.NaN)?.confirmed).toBe(false)
    expect(structureChange(held, 31, params, Number.NaN)).toBeUndefined()
  })

  it("confirmation bars adapt to the ATR ratio", () => {
    expect(confirmationBars(params, 1)).toBe(1)
    expect(confirmationBars(params, 1.6)).toBe(2)
    expect(confirmationBars(params, 0.4)).toBe(2)
    expect(confirmationBars(strategyParams({ adaptive_enabled: false }), 1.6)).toBe(1)
  })
})
