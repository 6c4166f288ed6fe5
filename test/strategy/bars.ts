import type { Bars } from "../../src/strategy/Types.ts"

/** [open, high, low, close] or [open, high, low, close, volume]. */
export type Row = readonly [number, number, number, number] | readonly [number, number, number, number, number]

/** Bars from rows, `stepMs` apart from `startMs` (default: 4h bars from 2024-01-01 UTC). */
export const barsOf = (rows: ReadonlyArray<Row>, stepMs = 4 * 3_600_000, startMs = Date.UTC(2024, 0, 1)): Bars => ({
  length: rows.length,
  openTime: Float64Array.from(rows, (_, i) => startMs + i * stepMs),
  open: Float64Array.from(rows, (r) => r[0]),
  high: Float64Array.from(rows, (r) => r[1]),
  low: Float64Array.from(rows, (r) => r[2]),
  close: Float64Array.from(rows, (r) => r[3]),
  volume: Float64Array.from(rows, (r) => r[4] ?? 1)
})

/** The first `n` bars of `bars` (a causal cut). */
export const cut = (bars: Bars, n: number): Bars => ({ ...bars, length: n })

/** A flat bar around `price` with half-range `half`: up bar when `up`. */
export const flat = (price: number, half = 0.5, up = true): Row =>
  up ? [price - 0.1, price + half, price - half, price + 0.1] : [price + 0.1, price + half, price - half, price - 0.1]

/** Deterministic pseudo-random walk (xorshift), for property tests. */
export const randomWalk = (n: number, seed: number, start = 100): Bars => {
  let s = seed >>> 0 || 1
  const rnd = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 4_294_967_296
  }
  const rows: Array<Row> = []
  let price = start
  for (let i = 0; i < n; i++) {
    const open = price
    const close = Math.max(1, open * (1 + (rnd() - 0.5) * 0.04))
    const high = Math.max(open, close) * (1 + rnd() * 0.01)
    const low = Math.min(open, close) * (1 - rnd() * 0.01)
    rows.push([open, high, low, close, 1 + Math.floor(rnd() * 100)])
    price = close
  }
  return barsOf(rows)
}
