import type { CandleSeries } from "../domain/CandleSeries.ts"
import { timeframeMs } from "../domain/Timeframe.ts"
import type { BacktestTrade, SymbolChart } from "./BacktestResult.ts"
import { dateTime } from "./Format.ts"
import { axes, escapeHtml, frame, linear, n, type Scale, svg } from "./Svg.ts"

const WIDTH = 1100
/** More bars than this are merged into wider candles, so a year of 15m bars stays one readable chart. */
const MAX_BARS = 360

interface Bar {
  readonly t: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
}

/** Bars merged `k` at a time (open of the first, close of the last, extremes of all) to at most MAX_BARS. */
const mergedBars = (s: CandleSeries): { bars: ReadonlyArray<Bar>; barMs: number } => {
  const k = Math.max(1, Math.ceil(s.length / MAX_BARS))
  const bars: Array<Bar> = []
  for (let i = 0; i < s.length; i += k) {
    const end = Math.min(s.length, i + k)
    let high = Number.NEGATIVE_INFINITY
    let low = Number.POSITIVE_INFINITY
    for (let j = i; j < end; j++) {
      high = Math.max(high, s.high[j]!)
      low = Math.min(low, s.low[j]!)
    }
    bars.push({ t: s.openTime[i]!, open: s.open[i]!, high, low, close: s.close[end - 1]! })
  }
  return { bars, barMs: k * timeframeMs[s.timeframe] }
}

const candlePaths = (bars: ReadonlyArray<Bar>, barMs: number, x: Scale, y: Scale): string => {
  const body = Math.max(1, (x(barMs) - x(0)) * 0.7)
  const paths = { up: "", down: "" }
  for (const b of bars) {
    const key = b.close >= b.open ? "up" : "down"
    const cx = x(b.t + barMs / 2)
    const top = y(Math.max(b.open, b.close))
    const height = Math.max(0.5, y(Math.min(b.open, b.close)) - top)
    paths[key] +=
      `M${n(cx)} ${n(y(b.high))}V${n(y(b.low))}M${n(cx - body / 2)} ${n(top)}h${n(body)}v${n(height)}h${n(-body)}Z`
  }
  return `<path class="candle up" d="${paths.up}"/><path class="candle down" d="${paths.down}"/>`
}

const zoneRects = (chart: SymbolChart, end: number, x: Scale, y: Scale): string =>
  chart.zones
    .map((z) => {
      const x0 = x(z.from)
      const x1 = x(z.to ?? end)
      const kind = z.kind === "orderBlock" ? "ob" : "fvg"
      const label = `${z.kind === "orderBlock" ? "Order block" : "Fair value gap"} (${z.direction}) ${z.bottom}–${z.top}`
      return (
        `<rect class="zone zone-${kind} ${z.direction}" x="${n(x0)}" y="${n(y(z.top))}" width="${n(Math.max(1, x1 - x0))}"` +
        ` height="${n(Math.max(1, y(z.bottom) - y(z.top)))}"><title>${escapeHtml(label)}</title></rect>`
      )
    })
    .join("")

/** The initial stop from entry to its first move (or the exit), then each moved stop until the next. */
const stopLines = (bt: BacktestTrade, x: Scale, y: Scale, tip: (what: string, price: string, at: number) => string) => {
  const t = bt.trade
  const steps = [{ at: t.enteredAt, price: bt.stopAtEntry }, ...bt.stopMoves]
  return steps
    .map((step, i) => {
      const x0 = x(step.at)
      const x1 = Math.max(x(steps[i + 1]?.at ?? t.exitedAt), x0 + 4)
      const sy = n(y(step.price.toNumber()))
      const head = i === 0 ? `class="stop" data-trade="${escapeHtml(t.tradeId)}"` : `class="stop moved"`
      return (
        `<line ${head} x1="${n(x0)}" x2="${n(x1)}" y1="${sy}" y2="${sy}">` +
        `${tip(i === 0 ? "stop" : "stop moved to", step.price.toString(), step.at)}</line>`
      )
    })
    .join("")
}

const tradeMarks = (trades: ReadonlyArray<BacktestTrade>, x: Scale, y: Scale): string =>
  trades
    .map((bt) => {
      const t = bt.trade
      const id = escapeHtml(t.tradeId)
      const ex = x(t.enteredAt)
      const ey = y(t.entryPrice.toNumber())
      const xx = x(t.exitedAt)
      const xy = y(t.exitPrice.toNumber())
      const tip = (what: string, price: string, at: number) =>
        `<title>${escapeHtml(`${t.tradeId} ${t.side} ${what} ${price} at ${dateTime(at)} UTC`)}</title>`
      const arrow = t.side === "long" ? `M${n(ex)} ${n(ey)}l-6 10h12Z` : `M${n(ex)} ${n(ey)}l-6 -10h12Z`
      const outcome = t.netPnl.gte(0) ? "win" : "loss"
      return (
        stopLines(bt, x, y, tip) +
        `<line class="link ${outcome}" x1="${n(ex)}" y1="${n(ey)}" x2="${n(xx)}" y2="${n(xy)}"/>` +
        `<path class="entry ${t.side}" data-trade="${id}" d="${arrow}">${tip("entry", t.entryPrice.toString(), t.enteredAt)}</path>` +
        `<circle class="exit ${outcome}" data-trade="${id}" cx="${n(xx)}" cy="${n(xy)}" r="4">` +
        `${tip(`exit (${t.exitReason}, net ${t.netPnl.toFixed(2)})`, t.exitPrice.toString(), t.exitedAt)}</circle>`
      )
    })
    .join("")

/** Candles of one symbol with its SMC zones, and each trade's entry, exit and initial stop. */
export const priceChart = (chart: SymbolChart, trades: ReadonlyArray<BacktestTrade>, index: number): string => {
  const f = frame(WIDTH, 380)
  const { bars, barMs } = mergedBars(chart.candles)
  const starts = [...bars.slice(0, 1).map((b) => b.t), ...trades.map((t) => t.trade.enteredAt)]
  const ends = [...bars.slice(-1).map((b) => b.t + barMs), ...trades.map((t) => t.trade.exitedAt)]
  const from = starts.length === 0 ? 0 : Math.min(...starts)
  const end = Math.max(from + 1, ...ends)
  const prices = [
    ...bars.flatMap((b) => [b.high, b.low]),
    ...trades.flatMap((t) =>
      [t.trade.entryPrice, t.trade.exitPrice, t.stopAtEntry, ...t.stopMoves.map((m) => m.price)].map((p) =>
        p.toNumber()
      )
    )
  ]
  const lo = prices.length === 0 ? 0 : Math.min(...prices)
  const hi = prices.length === 0 ? 1 : Math.max(...prices)
  const pad = (hi - lo) * 0.04 || Math.abs(hi) * 0.01 || 1
  const x = linear(from, end, f.left, f.right)
  const y = linear(lo - pad, hi + pad, f.bottom, f.top)
  const clip = `plot-${index}`
  return svg(
    f,
    `${chart.symbol} price`,
    `<defs><clipPath id="${clip}"><rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/></clipPath></defs>` +
      axes(f, x, y, { from, to: end }, { min: lo - pad, max: hi + pad }) +
      `<g clip-path="url(#${clip})">${zoneRects(chart, end, x, y)}${candlePaths(bars, barMs, x, y)}` +
      `${tradeMarks(trades, x, y)}</g>`
  )
}
