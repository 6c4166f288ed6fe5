import { describe, expect, it } from "vitest"
import { OriginalFvgTracker } from "../../src/strategy/OriginalFvg.ts"
import { findOrderBlock, originalBos, typicalRange } from "../../src/strategy/OriginalStructure.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import type { Bars } from "../../src/strategy/Types.ts"
import { barsOf, flat, type Row } from "./bars.ts"

const params = strategyParams()
const base = (n: number): Array<Row> => Array.from({ length: n }, () => flat(100))

describe("original order block", () => {
  it("typical range is the upper median of the last 20 ranges", () => {
    const rows = base(20).map((r, i): Row => [r[0], 100 + i / 2, 100 - i / 2, r[3]])
    // ranges 0, 1, …, 19 → element ⌊20/2⌋ = 10
    expect(typicalRange(barsOf(rows), 20, 20)).toBe(10)
  })

  it("finds the last down bar before a displacement bar closing above its high", () => {
    const rows = base(55)
    rows.push([100.2, 100.4, 99.6, 99.8]) // down candidate, index 55
    rows.push([99.8, 101.6, 99.7, 101.5]) // closes above 100.4, range 1.9 ≥ 1.5 × 1
    rows.push(flat(101.5))
    const ob = findOrderBlock(barsOf(rows), rows.length, "bullish", params)
    expect(ob).toMatchObject({ direction: "bullish", index: 55, low: 99.6, high: 100.4, price: 100 })
  })

  it("rejects a successor whose range is below 1.5 × the typical range", () => {
    const rows = base(55)
    rows.push([100.2, 100.4, 99.6, 99.8])
    rows.push([99.8, 101.2, 99.8, 101.1]) // range 1.4 < 1.5
    rows.push(flat(101))
    expect(findOrderBlock(barsOf(rows), rows.length, "bullish", params)).toBeUndefined()
  })

  it("mirrors for bearish: up bar then a displacement close below its low", () => {
    const rows = base(55)
    rows.push([99.8, 100.4, 99.6, 100.2])
    rows.push([100.2, 100.3, 98.4, 98.5])
    const ob = findOrderBlock(barsOf(rows), rows.length, "bearish", strategyParams({ ob_entry_mode: "high_low" }))
    expect(ob).toMatchObject({ direction: "bearish", index: 55, low: 99.6, high: 100.4, price: 99.6 })
  })

  it("does not look further back than orderblock_lookback", () => {
    const rows = base(5)
    rows.push([100.2, 100.4, 99.6, 99.8])
    rows.push([99.8, 101.6, 99.7, 101.5])
    rows.push(...base(55).map((): Row => flat(101.5)))
    expect(findOrderBlock(barsOf(rows), rows.length, "bullish", params)).toBeUndefined()
    expect(
      findOrderBlock(barsOf(rows), rows.length, "bullish", strategyParams({ orderblock_lookback: 60 }))?.index
    ).toBe(5)
  })
})

describe("original BOS", () => {
  const rows = base(12)
  it("bullish when the last 3 highs exceed the highs of bars N−10 … N−4", () => {
    const up = [...rows.slice(0, 11), [100, 100.6, 99.5, 100.1] as Row]
    expect(originalBos(barsOf(up), up.length, "bullish", 3)).toBe(true)
    expect(originalBos(barsOf(rows), rows.length, "bullish", 3)).toBe(false)
  })

  it("bearish on a lower low; an empty previous window (k ≥ 10) gives no BOS instead of crashing", () => {
    const down = [...rows.slice(0, 11), [100, 100.1, 99.4, 99.9] as Row]
    expect(originalBos(barsOf(down), down.length, "bearish", 3)).toBe(true)
    expect(originalBos(barsOf(base(30)), 30, "bullish", 10)).toBe(false)
  })
})

const feed = (bars: Bars, minSize = 0.0007): OriginalFvgTracker => {
  const t = new OriginalFvgTracker(minSize)
  for (let i = 0; i < bars.length; i++) t.push(bars, i, i)
  return t
}

describe("original FVG", () => {
  it("reports the most recent untouched bullish gap [c1.high, c3.low]", () => {
    const rows: Array<Row> = [flat(100), [100, 101, 100, 101], [101.5, 102, 101.2, 101.8]]
    const gap = feed(barsOf(rows)).latest("bullish")
    expect(gap).toMatchObject({ index: 0, bottom: 100.5, top: 101.2, price: 101.2 })
    expect(gap?.size).toBeCloseTo(0.7 / 101, 12)
  })

  it("drops a gap touched from i+3 on (low ≤ top) and falls back to an older one", () => {
    const rows: Array<Row> = [
      flat(100),
      [100, 103, 100, 102.5],
      [101.5, 102, 101.2, 101.8], // gap 1: [100.5, 101.2]
      [101.8, 104, 102, 103.8],
      [104, 105, 102.5, 104.5], // gap 2: [102, 102.5]
      [104.5, 104.6, 102.4, 103] // touches gap 2 (low 102.4 ≤ 102.5), not gap 1
    ]
    const t = feed(barsOf(rows))
    expect(t.latest("bullish")?.index).toBe(0)
  })

  it("ignores gaps below fvg_min_size_pct and finds bearish gaps for the bearish side", () => {
    const rows: Array<Row> = [flat(100), [99.5, 99.6, 98.5, 98.6], [98.6, 99.4, 98, 98.2]]
    // bearish: c1.low 99.5 > c3.high 99.4 → [99.4, 99.5], size 0.1 / 98.6 ≈ 0.001
    expect(feed(barsOf(rows)).latest("bearish")).toMatchObject({ bottom: 99.4, top: 99.5, price: 99.4 })
    expect(feed(barsOf(rows), 0.002).latest("bearish")).toBeUndefined()
    expect(feed(barsOf(rows)).latest("bullish")).toBeUndefined()
  })
})
