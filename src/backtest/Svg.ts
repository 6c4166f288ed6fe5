import { date, dateTime } from "./Format.ts"

/** Text safe inside HTML/SVG elements and double- or single-quoted attributes. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/** Coordinates with two decimals: enough for a screen, and short, stable text. */
export const n = (x: number): string => (Math.round(x * 100) / 100).toString()

/** The drawing area of a chart inside its SVG box. */
export interface Frame {
  readonly width: number
  readonly height: number
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

export const frame = (width: number, height: number): Frame => ({
  width,
  height,
  left: 72,
  right: width - 44,
  top: 12,
  bottom: height - 28
})

export type Scale = (value: number) => number

/** A linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export const linear = (d0: number, d1: number, r0: number, r1: number): Scale =>
  d1 === d0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)

/** About `count` round values (1, 2 or 5 × 10^k apart) covering [min, max], and the decimals they need. */
export const niceTicks = (min: number, max: number, count = 5): { values: Array<number>; decimals: number } => {
  if (!(max > min)) return { values: [min], decimals: Math.max(0, 2 - Math.floor(Math.log10(Math.abs(min) || 1))) }
  const raw = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  const values: Array<number> = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) values.push(Number(v.toFixed(decimals)))
  return { values, decimals }
}

const HOUR = 3_600_000
const TIME_STEPS = [1, 2, 3, 6, 12, 24, 48, 24 * 7, 24 * 14].map((h) => h * HOUR)
const MONTH_STEPS = [1, 3, 6, 12, 24, 60]

/** First days of every `months`-th UTC month (counted from January) within [from, to]. */
const monthTicks = (from: number, to: number, months: number): Array<number> => {
  const start = new Date(from)
  let index = start.getUTCFullYear() * 12 + Math.ceil(start.getUTCMonth() / months) * months
  const ticks: Array<number> = []
  for (
    let t = Date.UTC(Math.floor(index / 12), index % 12);
    t <= to;
    t = Date.UTC(Math.floor(index / 12), index % 12)
  ) {
    if (t >= from) ticks.push(t)
    index += months
  }
  return ticks
}

/**
 * UTC-aligned time ticks, at most about 8: whole hours or days under a month apart (labelled with the time
 * under a day apart), first days of months beyond.
 */
export const timeTicks = (from: number, to: number): Array<{ value: number; label: string }> => {
  const step = TIME_STEPS.find((s) => (to - from) / s <= 8)
  if (step === undefined) {
    const months = MONTH_STEPS.find((m) => (to - from) / (m * 30.44 * 24 * HOUR) <= 8) ?? 120
    return monthTicks(from, to, months).map((value) => ({ value, label: date(value) }))
  }
  const label = step < 24 * HOUR ? dateTime : date
  const ticks: Array<{ value: number; label: string }> = []
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push({ value: t, label: label(t) })
  return ticks
}

/** Grid lines and labelled axes: time along the bottom, values on the left. */
export const axes = (
  f: Frame,
  x: Scale,
  y: Scale,
  time: { from: number; to: number },
  values: { min: number; max: number; format?: (v: number, decimals: number) => string }
): string => {
  const format = values.format ?? ((v, decimals) => v.toFixed(decimals))
  const yTicks = niceTicks(values.min, values.max)
  const parts = yTicks.values.map(
    (v) =>
      `<line class="grid" x1="${f.left}" x2="${f.right}" y1="${n(y(v))}" y2="${n(y(v))}"/>` +
      `<text class="tick" x="${f.left - 6}" y="${n(y(v) + 4)}" text-anchor="end">${format(v, yTicks.decimals)}</text>`
  )
  for (const t of timeTicks(time.from, time.to)) {
    // A centred label that would run past the SVG box (about 6 px a character at 11 px) is left out.
    const fits = x(t.value) + t.label.length * 3 <= f.width
    parts.push(
      `<line class="grid" x1="${n(x(t.value))}" x2="${n(x(t.value))}" y1="${f.top}" y2="${f.bottom}"/>` +
        (fits
          ? `<text class="tick" x="${n(x(t.value))}" y="${f.bottom + 18}" text-anchor="middle">${t.label}</text>`
          : "")
    )
  }
  parts.push(`<rect class="plot" x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/>`)
  return parts.join("")
}

/** An <svg> element of the frame's size with a title for screen readers. */
export const svg = (f: Frame, title: string, body: string): string =>
  `<svg viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`

/**
 * At most about 2 × `buckets` points of a long series, keeping each bucket's lowest and highest in time
 * order, so a year of 15-minute equity still draws every spike without a 35,000-point path.
 */
export const decimate = <P>(points: ReadonlyArray<P>, value: (p: P) => number, buckets: number): ReadonlyArray<P> => {
  if (points.length <= 2 * buckets) return points
  const size = points.length / buckets
  const kept: Array<P> = []
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size))
    let lo = 0
    let hi = 0
    slice.forEach((p, i) => {
      if (value(p) < value(slice[lo]!)) lo = i
      if (value(p) > value(slice[hi]!)) hi = i
    })
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (kept.at(-1) !== slice[i]) kept.push(slice[i]!)
  }
  const last = points.at(-1)!
  if (kept.at(-1) !== last) kept.push(last)
  return kept
}
