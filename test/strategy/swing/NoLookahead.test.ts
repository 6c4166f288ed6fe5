import { describe, expect, it } from "vitest"
import { SwingEngine } from "../../../src/strategy/swing/SwingEngine.ts"
import type { Bars } from "../../../src/strategy/Types.ts"
import { cut, randomWalk } from "../bars.ts"
import { hasRealData, loadReal, NO_DATA_MESSAGE } from "../realData.ts"
import { knownAt } from "./project.ts"

const run = (bars: Bars, n: number): SwingEngine => {
  const engine = new SwingEngine(n)
  for (let t = 0; t < bars.length; t++) engine.push(bars, t, t)
  return engine
}

/** For each cut t: the engine run on bars 0..t knows exactly what the full run knew at t. */
const expectCausal = (bars: Bars, n: number, cuts: number): number => {
  const full = run(bars, n)
  const step = Math.max(1, Math.floor(bars.length / cuts))
  let events = 0
  for (let t = 2 * n; t < bars.length; t += step) {
    const prefix = run(cut(bars, t + 1), n)
    const known = knownAt(full, t)
    expect(knownAt(prefix, t)).toEqual(known)
    events +=
      known.swings.length +
      known.structure.length +
      known.orderBlocks.length +
      known.fvgs.length +
      known.liquidity.length
  }
  return events
}

describe("swing model: no lookahead", () => {
  it.each([
    [1, 3],
    [2, 5],
    [3, 10],
    [4, 2]
  ])("synthetic walk seed %i, swing_length %i", (seed, n) => {
    const bars = randomWalk(2_500, seed)
    expect(expectCausal(bars, n, 60)).toBeGreaterThan(100)
  })

  it("the full run's events all carry a confirmation bar not before their own bar", () => {
    const e = run(randomWalk(3_000, 9), 5)
    expect(e.structure.all.length).toBeGreaterThan(5)
    for (const s of e.swings.all) expect(s.confirmedAt).toBe(s.index + 5)
    for (const s of e.structure.all) expect(s.confirmedAt).toBeGreaterThanOrEqual(s.brokenAt)
    for (const g of e.fvgs.all) expect(g.confirmedAt).toBe(g.index + 1)
    for (const o of e.orderBlocks.all) expect(o.confirmedAt).toBeGreaterThan(o.index)
  })

  it.skipIf(!hasRealData)("real BTC/USDT 4h, swing_length 50 and 10", () => {
    const bars = loadReal("binance/BTC_USDT-4h.norm.csv", "BTC/USDT", "4h")
    expect(expectCausal(bars, 50, 25)).toBeGreaterThan(100)
    expect(expectCausal(bars, 10, 25)).toBeGreaterThan(100)
  })

  it.skipIf(hasRealData)(NO_DATA_MESSAGE, () => {
    expect(hasRealData).toBe(false)
  })
})
