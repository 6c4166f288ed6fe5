import { describe, expect, it } from "vitest"
import { evaluateInputs, initialStrategyState, type StrategyState } from "../../src/strategy/Analyze.ts"
import { SeriesAnalyzer } from "../../src/strategy/SeriesAnalyzer.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { cut, randomWalk } from "./bars.ts"
import { hasRealData, loadReal, NO_DATA_MESSAGE } from "./realData.ts"
import { firstAtOrAfter, inputsAt, type ReplaySeries, sliceBars } from "./replay.ts"

const snapshot = (a: SeriesAnalyzer) => ({
  ema: a.ema?.value,
  slope: a.ema?.slope,
  atr: a.atr.value,
  adx: a.adx?.value,
  atrRatio: a.atrRatio.value,
  rsi: a.rsi === undefined ? undefined : Array.from({ length: a.rsi.keep }, (_, back) => a.rsi?.at(back)),
  fvgBull: a.fvg?.latest("bullish"),
  fvgBear: a.fvg?.latest("bearish"),
  swings: a.swing?.swings.all,
  structure: a.swing?.structure.all,
  fvgs: a.swing?.fvgs.all,
  orderBlocks: a.swing?.orderBlocks.all,
  liquidity: a.swing?.liquidity.all
})

describe("incremental analysis", () => {
  it("advancing one bar at a time equals one advance over the whole series", () => {
    const params = strategyParams({ swing_length: 5 })
    const bars = randomWalk(1_500, 7)
    const features = { ema: true, adx: true, originalFvg: true, swing: true, rsi: true }
    const incremental = new SeriesAnalyzer(params, features)
    for (let n = 1; n <= bars.length; n++) {
      expect(incremental.advance(cut(bars, n))).toBe(true)
      if (n % 250 === 0 || n === bars.length) {
        const fresh = new SeriesAnalyzer(params, features)
        fresh.advance(cut(bars, n))
        expect(snapshot(incremental)).toEqual(snapshot(fresh))
      }
    }
    expect(incremental.swing?.structure.all.length).toBeGreaterThan(0)
  })

  it("re-advancing over the same bars is a no-op; a series without the last bar seen is refused", () => {
    const params = strategyParams()
    const bars = randomWalk(300, 3)
    const a = new SeriesAnalyzer(params, { ema: true, adx: true, originalFvg: true })
    a.advance(bars)
    const before = snapshot(a)
    a.advance(bars)
    expect(snapshot(a)).toEqual(before)
    expect(a.advance(randomWalk(300, 3, 50))).toBe(true) // same open times: continues, nothing new
    const shifted = { ...bars, openTime: bars.openTime.map((t) => t + 1) }
    expect(a.advance(shifted)).toBe(false)
  })

  it("a sliding window keeps absolute indices and reports series indices through `base`", () => {
    const params = strategyParams({ swing_length: 3 })
    const bars = randomWalk(400, 11)
    const a = new SeriesAnalyzer(params, { ema: true, adx: true, originalFvg: true, swing: true })
    a.advance(sliceBars(bars, 0, 300))
    a.advance(sliceBars(bars, 100, 350))
    expect(a.bars).toBe(350)
    expect(a.base).toBe(100)
  })

  it.skipIf(!hasRealData).each(["original", "swing"] as const)(
    "real BTC 4h/1h/1d replay (%s model): incremental state gives the fresh result at every 4h close",
    (model) => {
      const start = Date.UTC(2020, 5, 1)
      const load = (tf: "1d" | "4h" | "1h") => {
        const s = loadReal(`binance/BTC_USDT-${tf}.norm.csv`, "BTC/USDT", tf)
        return sliceBars(s, firstAtOrAfter(s, start), s.length)
      }
      const s: ReplaySeries = { daily: load("1d"), h4: load("4h"), h1: load("1h") }
      const params = strategyParams({ structure_model: model, signal_structure_dedupe_enabled: false })
      const all = { daily: 1e9, h4: 1e9, h1: 1e9 }
      let state: StrategyState = initialStrategyState
      const from = firstAtOrAfter(s.h4, Date.UTC(2021, 0, 1))
      for (let t = from; t < from + 240; t++) {
        const inputs = inputsAt(s, t, all)
        const step = evaluateInputs(inputs, state, 0, params)
        state = step.state
        expect(step.evaluation).toEqual(evaluateInputs(inputs, initialStrategyState, 0, params).evaluation)
      }
    }
  )

  it.skipIf(hasRealData)(NO_DATA_MESSAGE, () => {
    expect(hasRealData).toBe(false)
  })
})
