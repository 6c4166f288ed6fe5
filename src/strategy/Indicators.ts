import type { EmaSlope } from "../domain/Signal.ts"
import { SpanEma } from "./Ema.ts"

/**
 * Indicators of spec/strategy.md §2, all with span-EMA smoothing (see Ema.ts). Each is an accumulator fed
 * one closed bar at a time, so a fresh computation over a series and an incremental one are the same code.
 */

/** True range of bar t given the previous close (NaN for the first bar: TR_0 = H − L). */
export const trueRangeOf = (high: number, low: number, prevClose: number): number =>
  Number.isNaN(prevClose) ? high - low : Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose))

/** ATR(n) = span-EMA of the true range; available from n bars. */
export class Atr {
  private readonly ema: SpanEma
  private prevClose = Number.NaN
  bars = 0

  constructor(readonly period: number) {
    this.ema = new SpanEma(period)
  }

  push(high: number, low: number, close: number): void {
    this.ema.push(trueRangeOf(high, low, this.prevClose))
    this.prevClose = close
    this.bars++
  }

  /** The last ATR, NaN with fewer than `period` bars. */
  get value(): number {
    return this.bars < this.period ? Number.NaN : this.ema.value
  }

  /** The smoothed value regardless of the warm-up rule (the ATR series the ratio averages). */
  get raw(): number {
    return this.ema.value
  }
}

/** ADX(n): directional movement smoothed by span-EMA; available from 2n bars. */
export class Adx {
  private readonly trEma: SpanEma
  private readonly plusEma: SpanEma
  private readonly minusEma: SpanEma
  private readonly dxEma: SpanEma
  private prevHigh = Number.NaN
  private prevLow = Number.NaN
  private prevClose = Number.NaN
  bars = 0

  constructor(readonly period: number) {
    this.trEma = new SpanEma(period)
    this.plusEma = new SpanEma(period)
    this.minusEma = new SpanEma(period)
    this.dxEma = new SpanEma(period)
  }

  push(high: number, low: number, close: number): void {
    const first = this.bars === 0
    const up = first ? 0 : high - this.prevHigh
    const down = first ? 0 : this.prevLow - low
    const plusDm = up > down && up > 0 ? up : 0
    const minusDm = down > up && down > 0 ? down : 0
    const s = this.trEma.push(trueRangeOf(high, low, this.prevClose))
    const plusDi = 100 * (this.plusEma.push(plusDm) / s)
    const minusDi = 100 * (this.minusEma.push(minusDm) / s)
    // 0/0 gives NaN exactly where the original's DX is NaN (both DI zero or s = 0).
    this.dxEma.push((100 * Math.abs(plusDi - minusDi)) / (plusDi + minusDi))
    this.prevHigh = high
    this.prevLow = low
    this.prevClose = close
    this.bars++
  }

  /** The last ADX, NaN with fewer than 2·period bars or before the first finite DX. */
  get value(): number {
    return this.bars < 2 * this.period ? Number.NaN : this.dxEma.value
  }
}

/** Span-EMA of closes keeping the last four values for the slope. */
export class CloseEma {
  private readonly ema: SpanEma
  private readonly recent = new Float64Array(4)
  bars = 0

  constructor(readonly period: number) {
    this.ema = new SpanEma(period)
  }

  push(close: number): void {
    this.recent[this.bars % 4] = this.ema.push(close)
    this.bars++
  }

  /** The last EMA, NaN with fewer than `period` bars. */
  get value(): number {
    return this.bars < this.period ? Number.NaN : this.ema.value
  }

  /** "up" / "down" when the last four EMA values moved more than 0.1 % of the last, else "flat". */
  get slope(): EmaSlope {
    if (this.bars < this.period || this.bars < 4) return "flat"
    return emaSlopeOf(this.recent[(this.bars - 4) % 4]!, this.recent[(this.bars - 1) % 4]!)
  }
}

export const emaSlopeOf = (first: number, last: number): EmaSlope => {
  const d = last - first
  return d > 0.001 * last ? "up" : d < -0.001 * last ? "down" : "flat"
}

/** Last ATR ÷ mean of the last `window` ATR values (spec: 20); NaN with fewer values. */
export class AtrRatio {
  private readonly values: Float64Array
  private count = 0

  constructor(readonly window = 20) {
    this.values = new Float64Array(window)
  }

  push(atr: number): void {
    this.values[this.count % this.window] = atr
    this.count++
  }

  get value(): number {
    if (this.count < this.window) return Number.NaN
    let sum = 0
    for (let k = this.count - this.window; k < this.count; k++) sum += this.values[k % this.window]!
    return this.values[(this.count - 1) % this.window]! / (sum / this.window)
  }
}

/**
 * RSI(n) of closes (span-EMA of gains and losses): 100 when losses are 0, NaN when both are. Keeps its last
 * `keep` values (the divergence note compares the last against an older stretch).
 */
export class Rsi {
  private readonly gains: SpanEma
  private readonly losses: SpanEma
  private readonly recent: Float64Array
  private prevClose = Number.NaN
  bars = 0

  constructor(
    readonly period: number,
    readonly keep = 1
  ) {
    this.gains = new SpanEma(period)
    this.losses = new SpanEma(period)
    this.recent = new Float64Array(keep)
  }

  push(close: number): number {
    // The first bar has no change: both parts are 0 there.
    const delta = Number.isNaN(this.prevClose) ? 0 : close - this.prevClose
    const g = this.gains.push(Math.max(delta, 0))
    const l = this.losses.push(Math.max(-delta, 0))
    const value = l === 0 ? (g === 0 ? Number.NaN : 100) : 100 - 100 / (1 + g / l)
    this.recent[this.bars % this.keep] = value
    this.prevClose = close
    this.bars++
    return value
  }

  /** The value `back` bars before the last one (0: the last); NaN when not kept or not yet computed. */
  at(back: number): number {
    if (back < 0 || back >= this.keep || back >= this.bars) return Number.NaN
    return this.recent[(this.bars - 1 - back) % this.keep]!
  }
}

/** RSI(n) series of closes. */
export const rsiSeries = (close: ArrayLike<number>, period: number): Float64Array => {
  const rsi = new Rsi(period)
  return Float64Array.from({ length: close.length }, (_, i) => rsi.push(close[i]!))
}
