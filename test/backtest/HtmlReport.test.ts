import { describe, expect, it } from "@effect/vitest"
import type { BacktestResult } from "../../src/backtest/BacktestResult.ts"
import { renderHtmlReport } from "../../src/backtest/HtmlReport.ts"
import { decimate, escapeHtml, niceTicks, timeTicks } from "../../src/backtest/Svg.ts"
import { candles, DAY, d, HOUR, point, sampleResult, T0 } from "./fixtures.ts"

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length

describe("renderHtmlReport", () => {
  const html = renderHtmlReport(sampleResult())

  it("is one page with an <svg> per chart: equity, drawdown and one price chart per symbol", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(count(html, /<svg viewBox="0 0 1100 /g)).toBe(2 + 2)
    expect(html).toContain('aria-label="Equity"')
    expect(html).toContain('aria-label="Drawdown"')
    expect(html).toContain('aria-label="BTC/USD price"')
    expect(html).toContain('aria-label="ETH/USD price"')
  })

  it("draws an entry, an exit and a stop per trade", () => {
    for (const id of ["t1", "t2", "t3"]) {
      expect(count(html, new RegExp(`class="entry [a-z]+" data-trade="${id}"`, "g"))).toBe(1)
      expect(count(html, new RegExp(`class="exit [a-z]+" data-trade="${id}"`, "g"))).toBe(1)
      expect(count(html, new RegExp(`class="stop" data-trade="${id}"`, "g"))).toBe(1)
    }
    // t1's stop moved twice (break-even at 100, then 105): two more segments after the initial stop.
    expect(count(html, /<line class="stop moved"[^>]*><title>t1 long stop moved to 10[05] at /g)).toBe(2)
    expect(count(html, /class="entry short"/g) - count(html, /<path class="entry short" d="M8/g)).toBe(1)
  })

  it("draws the SMC zones of each symbol and a legend", () => {
    // Chart zones carry a <title>; the legend's swatches are empty rects.
    expect(count(html, /<rect class="zone zone-ob bullish"[^>]*><title>Order block \(bullish\) 97–99</g)).toBe(1)
    expect(count(html, /<rect class="zone zone-fvg bearish"[^>]*><title>Fair value gap \(bearish\) 104–106</g)).toBe(1)
    expect(count(html, /<rect class="zone /g)).toBe(2 + 2 * 4)
    expect(html).toContain('class="legend"')
    expect(html).toContain("Stop at entry")
  })

  it("labels the axes with dates and prices", () => {
    expect(html).toContain(">2024-01-02 00:00</text>")
    expect(html).toMatch(/>100<\/text>/)
    expect(html).toContain(">-20%</text>")
  })

  it("shows the figures and every trade", () => {
    expect(html).toContain("<td>Profit factor</td><td>5.44</td>")
    expect(html).toContain("<td>Max concurrent positions</td><td>2</td>")
    expect(html).toContain("<td>SCORE_BELOW_THRESHOLD</td><td>5</td>")
    expect(count(html, /<td>t[123]<\/td>/g)).toBe(3)
  })

  it("references nothing outside the file: no URL, no script, no external stylesheet", () => {
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script|<link|src=|@import/)
  })

  it("escapes every embedded string", () => {
    const evil = '<b>"X&Y"</b>'
    const base = sampleResult()
    const chart = base.charts[0]!
    const result: BacktestResult = {
      ...base,
      run: { ...base.run, symbols: [evil], configDigest: "<script>alert(1)</script>" },
      charts: [{ ...chart, symbol: evil, candles: { ...chart.candles, symbol: evil } }],
      trades: []
    }
    const page = renderHtmlReport(result)
    expect(page).not.toContain(evil)
    expect(page).not.toContain("<script>")
    expect(page).toContain("&lt;b&gt;&quot;X&amp;Y&quot;&lt;/b&gt;")
  })

  it("renders a run without ticks, trades or charts", () => {
    const page = renderHtmlReport({ ...sampleResult(), equityCurve: [], trades: [], charts: [], rejections: new Map() })
    expect(count(page, /<svg viewBox="0 0 1100 /g)).toBe(2)
    expect(page).toContain("<p>No trades.</p>")
    expect(page).not.toContain("NaN")
    expect(page).not.toContain("Infinity")
  })

  it("frames a chart without candles around its trades, not from 1970", () => {
    const base = sampleResult()
    const chart = base.charts[0]!
    const page = renderHtmlReport({ ...base, charts: [{ ...chart, candles: { ...chart.candles, length: 0 } }] })
    expect(page).not.toContain(">1970-")
    expect(count(page, /class="entry [a-z]+" data-trade="t[13]"/g)).toBe(2)
  })

  it("keeps a long run's page small by merging bars and thinning the curve", () => {
    const bars = 24 * 365
    const curve = Array.from({ length: bars }, (_, i) => point(i, 1000 + 50 * Math.sin(i / 50)))
    const base = sampleResult()
    const page = renderHtmlReport({
      ...base,
      run: { ...base.run, to: T0 + 365 * DAY },
      equityCurve: curve,
      charts: [{ symbol: "BTC/USD", candles: candles("BTC/USD", 100, bars), zones: [] }]
    })
    expect(page.length).toBeLessThan(400_000)
    expect(page).toContain(">2024-07-01</text>")
    expect(page).not.toContain("NaN")
  })

  it("renders the same bytes twice", () => {
    expect(renderHtmlReport(sampleResult())).toBe(html)
  })
})

describe("SVG helpers", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
  })

  it("picks round price ticks", () => {
    // Range 9, about 5 ticks: raw step 1.8 → 2.
    expect(niceTicks(95.5, 104.5)).toEqual({ values: [96, 98, 100, 102, 104], decimals: 0 })
    // Range 0.05 → step 0.01, two decimals.
    expect(niceTicks(0.1, 0.15).values).toEqual([0.1, 0.11, 0.12, 0.13, 0.14, 0.15])
  })

  it("picks UTC-aligned time ticks, with hours under a day apart", () => {
    expect(timeTicks(T0, T0 + 4 * DAY).map((t) => t.label)).toEqual([
      "2024-01-01 00:00",
      "2024-01-01 12:00",
      "2024-01-02 00:00",
      "2024-01-02 12:00",
      "2024-01-03 00:00",
      "2024-01-03 12:00",
      "2024-01-04 00:00",
      "2024-01-04 12:00",
      "2024-01-05 00:00"
    ])
    // Ten days: every two days from the epoch, so on UTC midnights.
    const days = timeTicks(T0 + HOUR, T0 + 10 * DAY)
    expect(days.length).toBe(5)
    expect(days.every((t) => t.value % (2 * DAY) === 0)).toBe(true)
    // A year: quarter starts.
    expect(timeTicks(T0 + HOUR, T0 + 366 * DAY).map((t) => t.label)).toEqual([
      "2024-04-01",
      "2024-07-01",
      "2024-10-01",
      "2025-01-01"
    ])
  })

  it("decimation keeps each bucket's extremes in order and the last point", () => {
    const values = [5, 1, 9, 3, 2, 8, 7, 0, 4, 6]
    // Two buckets of five: [5,1,9,3,2] keeps 1 then 9; [8,7,0,4,6] keeps 8 then 0; then the last, 6.
    expect(decimate(values, (v) => v, 2)).toEqual([1, 9, 8, 0, 6])
    expect(decimate([1, 2, 3], (v) => v, 2)).toEqual([1, 2, 3])
    expect(d(1).toString()).toBe("1")
  })
})
