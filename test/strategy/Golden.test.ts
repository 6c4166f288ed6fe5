import { describe, expect, it } from "vitest"
import { analyze, initialStrategyState } from "../../src/strategy/Analyze.ts"
import { type StrategyParams, strategyParams } from "../../src/strategy/StrategyParams.ts"
import { hasRealData, loadReal, NO_DATA_MESSAGE } from "./realData.ts"
import { firstAtOrAfter, inputsAt, type ReplaySeries } from "./replay.ts"

/**
 * Golden replay on real BTC/USDT candles: every 4h close from 2021-01-01 to 2021-07-01 with closed bars
 * only (365 daily, 300 4h, 300 1h bars, 1h standing in for 15m, as in spec §10.3). The snapshot holds the
 * rejection counts and every signal, so any behaviour change shows in review.
 */
const replay = (s: ReplaySeries, params: StrategyParams) => {
  const from = firstAtOrAfter(s.h4, Date.UTC(2021, 0, 1))
  const to = firstAtOrAfter(s.h4, Date.UTC(2021, 6, 1))
  const counts: Record<string, number> = {}
  const signals: Array<string> = []
  let state = initialStrategyState
  for (let t = from; t < to; t++) {
    const r = analyze(inputsAt(s, t), state, 0, params)
    // Fresh analyzers per evaluation (windows slide), but the emit-once registry carries over.
    state = { ...initialStrategyState, emitted: r.state.emitted }
    const e = r.evaluation
    const key = e.kind === "trade" ? "TRADE" : e.code
    counts[key] = (counts[key] ?? 0) + 1
    if (e.kind === "trade") {
      const l = e.levels
      // The original only trades order blocks: other setup types are named (swing model).
      const kind = e.setupType === "ob" ? "" : ` ${e.setupType}/${e.regime}`
      signals.push(
        `${new Date(e.timestamp).toISOString()} ${e.side}${kind} entry ${l.entry} stop ${l.stop.toFixed(2)} tp ${l.takeProfit.toFixed(2)} score ${e.score.total.toFixed(2)}`
      )
    }
  }
  return { evaluations: to - from, counts, signals }
}

describe("golden replay (BTC/USDT, 2021-H1)", () => {
  it.skipIf(!hasRealData).each([
    ["original", strategyParams()],
    ["original-no-htf", strategyParams({ higher_tf_enabled: false })],
    ["swing-10", strategyParams({ structure_model: "swing", swing_length: 10 })]
  ] as const)("%s", async (name, params) => {
    const s: ReplaySeries = {
      daily: loadReal("binance/BTC_USDT-1d.norm.csv", "BTC/USDT", "1d"),
      h4: loadReal("binance/BTC_USDT-4h.norm.csv", "BTC/USDT", "4h"),
      h1: loadReal("binance/BTC_USDT-1h.norm.csv", "BTC/USDT", "1h")
    }
    const result = replay(s, params)
    expect(result.evaluations).toBe(1086)
    await expect(`${JSON.stringify(result, null, 1)}\n`).toMatchFileSnapshot(`__golden__/btc-2021h1-${name}.txt`)
  })

  it.skipIf(hasRealData)(NO_DATA_MESSAGE, () => {
    expect(hasRealData).toBe(false)
  })
})
