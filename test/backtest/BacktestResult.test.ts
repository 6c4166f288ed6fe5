import { describe, expect, it } from "@effect/vitest"
import { zonesFromAnalysis } from "../../src/backtest/BacktestResult.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { analyzeDocument } from "../../src/strategy/AnalyzeDocument.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { candles, HOUR, T0 } from "./fixtures.ts"

const series = candles("BTC/USD", 100, 20)

describe("zonesFromAnalysis", () => {
  it("turns bar indices into open times and ends a zone at its first mitigation or invalidation", () => {
    const zones = zonesFromAnalysis(series, {
      orderBlocks: [
        {
          index: 2,
          time: "",
          direction: "bullish",
          top: 99,
          bottom: 97,
          volume: 1,
          percentage: 1,
          confirmedAt: 3,
          mitigatedAt: 9,
          invalidatedAt: 6
        },
        {
          index: 4,
          time: "",
          direction: "bearish",
          top: 105,
          bottom: 104,
          volume: 1,
          percentage: 1,
          confirmedAt: 5,
          mitigatedAt: null,
          invalidatedAt: null
        }
      ],
      fvgs: [{ index: 7, time: "", direction: "bullish", top: 101, bottom: 100, confirmedAt: 8, mitigatedAt: 12 }]
    })
    expect(zones).toEqual([
      { kind: "orderBlock", direction: "bullish", top: 99, bottom: 97, from: T0 + 2 * HOUR, to: T0 + 6 * HOUR },
      { kind: "orderBlock", direction: "bearish", top: 105, bottom: 104, from: T0 + 4 * HOUR, to: null },
      { kind: "fvg", direction: "bullish", top: 101, bottom: 100, from: T0 + 7 * HOUR, to: T0 + 12 * HOUR }
    ])
  })

  it("takes the swing model's zones from analyzeDocument", () => {
    const wave = candles("BTC/USD", 100, 300)
    const doc = analyzeDocument(wave, SpotSymbol.make("BTC/USD"), strategyParams())
    const zones = zonesFromAnalysis(wave, doc)
    expect(zones).toHaveLength(doc.orderBlocks.length + doc.fvgs.length)
    expect(zones.length).toBeGreaterThan(0)
    for (const z of zones) {
      expect(z.from).toBeGreaterThanOrEqual(T0)
      expect(z.to === null || z.to >= z.from).toBe(true)
      expect(z.top).toBeGreaterThanOrEqual(z.bottom)
    }
  })
})
