import { describe, expect, it } from "vitest"
import { SwingEngine } from "../../../src/strategy/swing/SwingEngine.ts"
import type { Bars } from "../../../src/strategy/Types.ts"
import { randomWalk } from "../bars.ts"
import { hasRealData, loadReal, NO_DATA_MESSAGE } from "../realData.ts"
import { referenceBreaks, referenceFvgs, referenceSwings } from "./reference.ts"

/** At the end of the data, the causal engine's live view equals the batch definitions (endpoints aside). */
const expectMatchesReference = (bars: Bars, n: number) => {
  const engine = new SwingEngine(n)
  for (let t = 0; t < bars.length; t++) engine.push(bars, t, t)
  const swings = referenceSwings(bars, n)
  expect(engine.swings.live.map(({ index, kind, price }) => ({ index, kind, price }))).toEqual(swings)
  expect(
    engine.fvgs.all.map(({ index, direction, top, bottom, mitigatedAt }) => ({
      index,
      direction,
      top,
      bottom,
      mitigatedAt
    }))
  ).toEqual(referenceFvgs(bars))
  const live = engine.structure.all
    .filter((e) => e.supersededAt === null)
    .map(({ index, kind, direction, level, brokenAt }) => ({ index, kind, direction, level, brokenAt }))
  expect(live).toEqual(referenceBreaks(bars, swings))
  return live.length
}

describe("swing model against the reference definitions", () => {
  it.each([
    [21, 3],
    [22, 7],
    [23, 20]
  ])("synthetic walk seed %i, swing_length %i", (seed, n) => {
    expect(expectMatchesReference(randomWalk(4_000, seed), n)).toBeGreaterThan(3)
  })

  it.skipIf(!hasRealData)("real BTC/USDT 4h and ETH/USD 1h (Kraken), swing_length 50", () => {
    expect(expectMatchesReference(loadReal("binance/BTC_USDT-4h.norm.csv", "BTC/USDT", "4h"), 50)).toBeGreaterThan(5)
    expect(expectMatchesReference(loadReal("kraken/ETHUSD_60.norm.csv", "ETH/USD", "1h"), 50)).toBeGreaterThan(5)
  })

  it.skipIf(hasRealData)(NO_DATA_MESSAGE, () => {
    expect(hasRealData).toBe(false)
  })
})
