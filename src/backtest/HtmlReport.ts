import type { BacktestResult } from "./BacktestResult.ts"
import { drawdownChart, equityChart } from "./CurveCharts.ts"
import { dateTime, money, ratio } from "./Format.ts"
import { computeMetrics, type Metrics } from "./Metrics.ts"
import { priceChart } from "./PriceChart.ts"
import { rejectionRows, summaryRows, symbolRows } from "./ReportRows.ts"
import { escapeHtml } from "./Svg.ts"

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1140px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}p.run{color:#5b6475;margin:0 0 16px}
table{border-collapse:collapse;margin:4px 0 12px}td,th{padding:3px 10px;border-bottom:1px solid #e3e6ec;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f4f6f9}
.grid-2{display:grid;grid-template-columns:1fr 1fr;gap:24px}
svg{max-width:100%;height:auto;display:block}
.plot{fill:none;stroke:#9aa3b2}.grid{stroke:#eef0f4}.tick{font-size:11px;fill:#5b6475}
.equity{fill:none;stroke:#2563eb;stroke-width:1.5}.baseline{stroke:#9aa3b2;stroke-dasharray:4 4}
.drawdown{fill:#dc2626;fill-opacity:.25;stroke:#dc2626;stroke-width:1}
.candle.up{fill:#16a34a;stroke:#16a34a}.candle.down{fill:#dc2626;stroke:#dc2626}
.zone{stroke-width:.5}.zone-ob.bullish{fill:#2563eb;fill-opacity:.14;stroke:#2563eb}
.zone-ob.bearish{fill:#ea580c;fill-opacity:.14;stroke:#ea580c}
.zone-fvg.bullish{fill:#0d9488;fill-opacity:.12;stroke:#0d9488;stroke-dasharray:3 2}
.zone-fvg.bearish{fill:#a21caf;fill-opacity:.12;stroke:#a21caf;stroke-dasharray:3 2}
.entry.long{fill:#15803d;stroke:#fff}.entry.short{fill:#b91c1c;stroke:#fff}
.exit{stroke:#1d2330;stroke-width:1.2}.exit.win{fill:#86efac}.exit.loss{fill:#fca5a5}
.stop{stroke:#b91c1c;stroke-width:1.5;stroke-dasharray:5 3}.stop.moved{stroke:#d97706}.link{stroke:#5b6475;stroke-dasharray:2 3}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0 4px;color:#5b6475;font-size:12px}
.legend svg{display:inline-block;vertical-align:middle;margin-right:4px}
`

const tableHtml = (rows: ReadonlyArray<ReadonlyArray<string>>, header: boolean): string => {
  const [head, ...body] = rows
  const cells = (row: ReadonlyArray<string>, tag: "td" | "th") =>
    `<tr>${row.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join("")}</tr>`
  return `<table>${header && head !== undefined ? cells(head, "th") : ""}${(header ? body : rows).map((r) => cells(r, "td")).join("")}</table>`
}

const swatch = (shape: string, label: string): string =>
  `<span><svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">${shape}</svg>${label}</span>`

const LEGEND = `<div class="legend">${[
  swatch('<path class="entry long" d="M8 3l-6 10h12Z"/>', "Long entry"),
  swatch('<path class="entry short" d="M8 13l-6 -10h12Z"/>', "Short entry"),
  swatch('<circle class="exit win" cx="8" cy="8" r="4"/>', "Exit (win)"),
  swatch('<circle class="exit loss" cx="8" cy="8" r="4"/>', "Exit (loss)"),
  swatch('<line class="stop" x1="1" x2="15" y1="8" y2="8"/>', "Stop at entry"),
  swatch('<line class="stop moved" x1="1" x2="15" y1="8" y2="8"/>', "Moved stop"),
  swatch('<rect class="zone zone-ob bullish" x="1" y="3" width="14" height="10"/>', "Bullish order block"),
  swatch('<rect class="zone zone-ob bearish" x="1" y="3" width="14" height="10"/>', "Bearish order block"),
  swatch('<rect class="zone zone-fvg bullish" x="1" y="3" width="14" height="10"/>', "Bullish FVG"),
  swatch('<rect class="zone zone-fvg bearish" x="1" y="3" width="14" height="10"/>', "Bearish FVG")
].join("")}</div>`

const tradeRows = (result: BacktestResult): ReadonlyArray<ReadonlyArray<string>> => [
  ["Trade", "Symbol", "Side", "Entered (UTC)", "Exited (UTC)", "Entry", "Exit", "Stop", "Net P&L", "R", "Exit reason"],
  ...result.trades.map(({ trade: t, stopAtEntry, rMultiple }) => [
    t.tradeId,
    t.symbol,
    t.side,
    dateTime(t.enteredAt),
    dateTime(t.exitedAt),
    t.entryPrice.toString(),
    t.exitPrice.toString(),
    stopAtEntry.toString(),
    money(t.netPnl),
    ratio(rMultiple),
    t.exitReason
  ])
]

const symbolSections = (result: BacktestResult): string =>
  result.charts
    .map((chart, i) => {
      const trades = result.trades.filter((t) => t.trade.symbol === chart.symbol)
      return (
        `<section class="symbol"><h2>${escapeHtml(chart.symbol)}</h2>` +
        `${LEGEND}${priceChart(chart, trades, i)}</section>`
      )
    })
    .join("")

/**
 * The `--html` report: one self-contained page (inline CSS and SVG, no script, no external reference) with
 * the figures, equity and drawdown curves, and a price chart per symbol with trades and SMC zones.
 */
export const renderHtmlReport = (result: BacktestResult, metrics: Metrics = computeMetrics(result)): string => {
  const { run } = result
  const title = `Backtest ${run.symbols.join(", ")}`
  const runLine = `${dateTime(run.from)} → ${dateTime(run.to)} UTC · seed ${run.seed} · config ${run.configDigest}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1><p class="run">${escapeHtml(runLine)}</p>
<div class="grid-2"><div><h2>Summary</h2>${tableHtml(summaryRows(metrics), false)}</div>
<div><h2>Per symbol</h2>${metrics.bySymbol.length === 0 ? "<p>No trades.</p>" : tableHtml(symbolRows(metrics), true)}
<h2>Rejections</h2>${metrics.rejections.length === 0 ? "<p>None.</p>" : tableHtml(rejectionRows(metrics), true)}</div></div>
<h2>Equity</h2>${equityChart(result)}
<h2>Drawdown</h2>${drawdownChart(result)}
${symbolSections(result)}
<h2>Trades</h2>${result.trades.length === 0 ? "<p>No trades.</p>" : tableHtml(tradeRows(result), true)}
</body></html>
`
}
