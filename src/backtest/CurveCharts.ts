import type { BacktestResult } from "./BacktestResult.ts"
import { axes, decimate, frame, linear, n, svg } from "./Svg.ts"

const WIDTH = 1100
const BUCKETS = 800

interface Sample {
  readonly t: number
  readonly v: number
}

const polyline = (samples: ReadonlyArray<Sample>, x: (t: number) => number, y: (v: number) => number): string =>
  samples.map((s, i) => `${i === 0 ? "M" : "L"}${n(x(s.t))} ${n(y(s.v))}`).join("")

/** Equity at `run.from` followed by the curve, as floats for drawing only (the figures stay exact). */
const equitySamples = (result: BacktestResult): ReadonlyArray<Sample> => [
  { t: result.run.from, v: result.run.initialEquity.toNumber() },
  ...result.equityCurve.map((p) => ({ t: p.timestamp, v: p.equity.toNumber() }))
]

const span = (samples: ReadonlyArray<Sample>): { from: number; to: number } => ({
  from: samples[0]?.t ?? 0,
  to: Math.max(samples.at(-1)?.t ?? 0, (samples[0]?.t ?? 0) + 1)
})

/** The equity curve as a line, with the starting equity as a dashed reference. */
export const equityChart = (result: BacktestResult): string => {
  const samples = equitySamples(result)
  const f = frame(WIDTH, 300)
  const time = span(samples)
  const min = samples.reduce((m, s) => Math.min(m, s.v), Number.POSITIVE_INFINITY)
  const max = samples.reduce((m, s) => Math.max(m, s.v), Number.NEGATIVE_INFINITY)
  const pad = (max - min) * 0.05 || Math.abs(max) * 0.01 || 1
  const x = linear(time.from, time.to, f.left, f.right)
  const y = linear(min - pad, max + pad, f.bottom, f.top)
  const start = y(samples[0]?.v ?? 0)
  return svg(
    f,
    "Equity",
    axes(f, x, y, time, { min: min - pad, max: max + pad }) +
      `<line class="baseline" x1="${f.left}" x2="${f.right}" y1="${n(start)}" y2="${n(start)}"/>` +
      `<path class="equity" d="${polyline(
        decimate(samples, (s) => s.v, BUCKETS),
        x,
        y
      )}"/>`
  )
}

/** Drawdown from the running peak, in percent below it, as a filled area under zero. */
export const drawdownChart = (result: BacktestResult): string => {
  let peak = Number.NEGATIVE_INFINITY
  const samples = equitySamples(result).map((s) => {
    peak = Math.max(peak, s.v)
    return { t: s.t, v: peak > 0 ? s.v / peak - 1 : 0 }
  })
  const f = frame(WIDTH, 180)
  const time = span(samples)
  const min = samples.reduce((m, s) => Math.min(m, s.v), -0.01)
  const x = linear(time.from, time.to, f.left, f.right)
  const y = linear(min * 1.05, 0, f.bottom, f.top)
  const kept = decimate(samples, (s) => s.v, BUCKETS)
  const area = `${polyline(kept, x, y)}L${n(x(kept.at(-1)?.t ?? time.to))} ${n(y(0))}L${n(x(time.from))} ${n(y(0))}Z`
  return svg(
    f,
    "Drawdown",
    `${axes(f, x, y, time, {
      min: min * 1.05,
      max: 0,
      format: (v, decimals) => `${(v * 100).toFixed(Math.max(0, decimals - 2))}%`
    })}<path class="drawdown" d="${area}"/>`
  )
}
