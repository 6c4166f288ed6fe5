import { describe, expect, it } from "vitest"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { analyzeDocument } from "../../src/strategy/AnalyzeDocument.ts"
import { resample } from "../../src/strategy/Resample.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, type Row, randomWalk } from "./bars.ts"
import { hasRealData, loadReal, NO_DATA_MESSAGE } from "./realData.ts"
import { sliceBars } from "./replay.ts"

const HOUR = 3_600_000
const symbol = SpotSymbol.make("BTC/USD")
const hourlySeries = (n: number, seed: number): CandleSeries => {
  const walk = randomWalk(n, seed)
  const start = Date.UTC(2024, 0, 1)
  return {
    ...walk,
    symbol: "BTC/USD",
    timeframe: "1h",
    openTime: Float64Array.from({ length: n }, (_, i) => start + i * HOUR)
  }
}

describe("resample", () => {
  it("aggregates aligned buckets and leaves out the forming one", () => {
    const rows: Array<Row> = [
      [1, 3, 0.5, 2, 10],
      [2, 4, 1.5, 3, 20],
      [3, 3.5, 1, 2.5, 30],
      [2.5, 5, 2, 4, 40],
      [4, 4.5, 3, 3.5, 50]
    ]
    const h4 = resample(barsOf(rows, HOUR, Date.UTC(2024, 0, 1)), "1h", "4h", "X/Y")
    expect(h4.length).toBe(1)
    expect([h4.open[0], h4.high[0], h4.low[0], h4.close[0], h4.volume[0]]).toEqual([1, 5, 0.5, 4, 100])
    expect(h4.openTime[0]).toBe(Date.UTC(2024, 0, 1))
  })
})

const checkDocument = (doc: ReturnType<typeof analyzeDocument>, series: CandleSeries) => {
  const n = series.length
  expect(doc.bars).toBe(n)
  for (const s of doc.swings) {
    expect(s.confirmedAt).toBe(s.index + doc.swingLength)
    expect(s.time).toBe(new Date(series.openTime[s.index]!).toISOString())
    expect(s.price).toBe(s.kind === "high" ? series.high[s.index] : series.low[s.index])
  }
  for (let k = 1; k < doc.swings.length; k++) expect(doc.swings[k]!.kind).not.toBe(doc.swings[k - 1]!.kind)
  for (const e of doc.structure) {
    expect(e.brokenAt).toBeGreaterThanOrEqual(e.index + 2)
    expect(e.confirmedAt).toBeGreaterThanOrEqual(e.brokenAt)
    const c = series.close[e.brokenAt]!
    expect(e.direction === "bullish" ? c > e.level : c < e.level).toBe(true)
  }
  for (const g of doc.fvgs) {
    expect(g.top).toBeGreaterThan(g.bottom)
    if (g.mitigatedAt !== null) expect(g.mitigatedAt).toBeGreaterThanOrEqual(g.index + 2)
  }
  for (const o of doc.orderBlocks) expect(o.confirmedAt).toBeGreaterThan(o.index)
  for (const p of doc.liquidity) {
    expect(p.swings).toBeGreaterThanOrEqual(2)
    expect(p.end).toBeGreaterThan(p.index)
  }
  expect(JSON.parse(JSON.stringify(doc))).toEqual(doc)
}

describe("analyze document", () => {
  it("synthetic 1h series: primitives with their bars of knowledge, and the strategy's answer", () => {
    const series = hourlySeries(6_000, 5)
    const doc = analyzeDocument(series, symbol, strategyParams({ swing_length: 10 }))
    checkDocument(doc, series)
    expect(doc.swings.length).toBeGreaterThan(20)
    expect(doc.structure.length).toBeGreaterThan(3)
    expect(doc.signal === null).toBe(doc.rejection !== null)
  })

  it("a 4h input has no 1h bars: the answer is MISSING_DATA, the primitives are still there", () => {
    const h1 = hourlySeries(3_000, 6)
    const h4 = resample(h1, "1h", "4h", "BTC/USD")
    const doc = analyzeDocument(h4, symbol, strategyParams({ swing_length: 5 }))
    expect(doc.rejection?.code).toBe("MISSING_DATA")
    expect(doc.swings.length).toBeGreaterThan(5)
    // Stored series of the other timeframes give the same answer as resampling from the 1h input.
    const params = strategyParams({ swing_length: 5 })
    const stored = analyzeDocument(h4, symbol, params, {
      "1h": h1,
      "15m": h1,
      "1d": resample(h1, "1h", "1d", "BTC/USD")
    })
    const fromHourly = analyzeDocument(h1, symbol, params)
    expect(fromHourly.rejection?.code).not.toBe("MISSING_DATA")
    expect({ signal: stored.signal, rejection: stored.rejection }).toEqual({
      signal: fromHourly.signal,
      rejection: fromHourly.rejection
    })
  })

  it.skipIf(!hasRealData)("real BTC/USDT 1h (last 8,000 bars)", () => {
    const full = loadReal("binance/BTC_USDT-1h.norm.csv", "BTC/USDT", "1h")
    const series = { ...full, ...sliceBars(full, full.length - 8_000, full.length) }
    const doc = analyzeDocument(series, symbol, strategyParams())
    checkDocument(doc, series)
    expect(doc.fvgs.length).toBeGreaterThan(100)
    expect(doc.liquidity.length).toBeGreaterThan(0)
    expect(doc.bias).not.toBeNull()
  })

  it.skipIf(hasRealData)(NO_DATA_MESSAGE, () => {
    expect(hasRealData).toBe(false)
  })
})
