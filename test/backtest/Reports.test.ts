import { describe, expect, it } from "@effect/vitest"
import { renderJsonReport } from "../../src/backtest/JsonReport.ts"
import { computeMetrics } from "../../src/backtest/Metrics.ts"
import { renderTerminalReport } from "../../src/backtest/TerminalReport.ts"
import type { SpotSymbol } from "../../src/domain/Symbols.ts"
import { sampleResult } from "./fixtures.ts"

describe("renderJsonReport", () => {
  it("renders the same bytes twice and whatever order the rejection map was filled in", () => {
    const first = renderJsonReport(sampleResult())
    expect(renderJsonReport(sampleResult())).toBe(first)
    expect(renderJsonReport(sampleResult("reversed"))).toBe(first)
  })

  it("carries the figures, every trade and the equity curve, decimals as strings", () => {
    const doc = JSON.parse(renderJsonReport(sampleResult()))
    expect(Object.keys(doc)).toEqual(["equityCurve", "metrics", "run", "trades"])
    expect(doc.run).toMatchObject({ from: "2024-01-01T00:00:00.000Z", seed: 42, initialEquity: "1000" })
    expect(doc.metrics.finalEquity).toBe("1210")
    expect(doc.metrics.maxMarginUtilisation).toBe(0.5)
    expect(doc.metrics.maxConcurrentPositions).toBe(2)
    expect(doc.metrics.trades.expectancy).toBe("30.33333333333333333333333333")
    expect(doc.metrics.trades.profitFactor).toBeCloseTo(111.5 / 20.5, 12)
    expect(doc.metrics.bySymbol["BTC/USD"].profitFactor).toBeNull()
    expect(doc.metrics.rejections).toEqual({ DAILY_LOSS_LIMIT: 2, SCORE_BELOW_THRESHOLD: 5 })
    expect(Object.keys(doc.metrics.rejections)).toEqual(["DAILY_LOSS_LIMIT", "SCORE_BELOW_THRESHOLD"])
    expect(doc.trades.map((t: { tradeId: string }) => t.tradeId)).toEqual(["t1", "t2", "t3"])
    expect(doc.trades[0].stopMoves).toEqual([
      { at: "2024-01-01T18:00:00.000Z", price: "100" },
      { at: "2024-01-01T21:00:00.000Z", price: "105" }
    ])
    expect(doc.trades[0].rMultiple).toBe(1.94)
    expect(doc.trades[1]).toMatchObject({ netPnl: "-20.5", stopAtEntry: "52", rMultiple: -2.5625 })
    expect(doc.equityCurve).toHaveLength(6)
    expect(doc.equityCurve[1]).toEqual({
      equity: "1100",
      marginUsed: "550",
      openPositions: 2,
      timestamp: "2024-01-01T12:00:00.000Z"
    })
  })

  it("carries the lookahead check's outcome when it ran, and nothing about it otherwise", () => {
    const result = sampleResult()
    const signal = { _tag: "TradeSignal", symbol: "BTC/USD", entryPrice: 100 }
    const doc = JSON.parse(
      renderJsonReport(result, computeMetrics(result), {
        checked: 4,
        differences: [{ symbol: "BTC/USD" as SpotSymbol, at: Date.UTC(2024, 0, 2, 6), original: signal, cut: null }]
      })
    )
    expect(doc.lookaheadCheck).toEqual({
      checked: 4,
      differences: [{ at: "2024-01-02T06:00:00.000Z", cut: null, original: signal, symbol: "BTC/USD" }]
    })
    const clean = JSON.parse(renderJsonReport(result, computeMetrics(result), { checked: 4, differences: [] }))
    expect(clean.lookaheadCheck).toEqual({ checked: 4, differences: [] })
    expect(JSON.parse(renderJsonReport(result))).not.toHaveProperty("lookaheadCheck")
  })

  it("sorts keys at every level", () => {
    const text = renderJsonReport(sampleResult())
    const check = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(check)
        return
      }
      if (value === null || typeof value !== "object") return
      const keys = Object.keys(value)
      expect(keys).toEqual([...keys].sort())
      Object.values(value).forEach(check)
    }
    check(JSON.parse(text))
  })
})

describe("renderTerminalReport", () => {
  const result = sampleResult()
  const text = renderTerminalReport(result)

  it("prints each figure", () => {
    const m = computeMetrics(result)
    const expected = [
      ["Total return", "21.00%"],
      ["CAGR", "10.00%"],
      ["Max drawdown", "20.00% (220.00)"],
      ["Drawdown duration", "2d"],
      ["Drawdown peak", "2024-01-01 12:00"],
      ["Drawdown recovered", "2024-01-03 12:00"],
      ["Sharpe (daily, x sqrt 365)", (m.sharpe ?? 0).toFixed(2)],
      ["Sortino (daily, x sqrt 365)", (0.6875 * Math.sqrt(365)).toFixed(2)],
      ["Calmar", "0.50"],
      ["Trades", "3"],
      ["Win rate", "66.67%"],
      ["Profit factor", "5.44"],
      ["Expectancy", "30.33"],
      ["Average R", "0.28"],
      ["Exposure", "28.57%"],
      ["Fees", "3.50"],
      ["Funding", "0.50"],
      ["Max margin utilisation", "50.00%"],
      ["Max concurrent positions", "2"]
    ]
    const lines = text.split("\n")
    for (const [label, value] of expected) {
      const line = lines.find((l) => l.startsWith(`${label} `))
      expect(line, label).toBeDefined()
      expect(line?.endsWith(` ${value}`), `${label}: ${line}`).toBe(true)
    }
  })

  it("right-aligns the summary values in one column", () => {
    const summary = text.split("\n").slice(3, 25)
    expect(summary[0]).toMatch(/^Initial equity /)
    expect(summary[21]).toMatch(/^Max concurrent positions /)
    expect(new Set(summary.map((l) => l.length)).size).toBe(1)
  })

  // BTC/USD's average R (1.94 + 1.45) / 2 is 1.6949… in binary floating point, so it prints 1.69.
  it("prints the per-symbol table and the rejections", () => {
    expect(text).toMatch(/^BTC\/USD\s+2\s+100\.00%\s+111\.50\s+n\/a\s+1\.69\s+2\.50\s+1\.00$/m)
    expect(text).toMatch(/^ETH\/USD\s+1\s+0\.00%\s+-20\.50\s+0\.00\s+-2\.56\s+1\.00\s+-0\.50$/m)
    expect(text).toMatch(/^DAILY_LOSS_LIMIT\s+2\n^SCORE_BELOW_THRESHOLD\s+5$/m)
  })
})
