/**
 * Exponential moving average with span n exactly as the original computes it (spec/strategy.md §2:
 * pandas `ewm(span=n, adjust=False)`): α = 2/(n+1), seeded with the first non-NaN input, each update
 * divided by the weight sum, skipped when the input equals the current value. A NaN input in the middle
 * keeps the value and decays the old weight, as pandas does. Not Wilder's RMA, not SMA-seeded.
 */
export class SpanEma {
  readonly alpha: number
  /** NaN until the first non-NaN input. */
  value = Number.NaN
  /** Observations seen (non-NaN inputs), to apply the "fewer than n" rules. */
  observations = 0
  private oldWeight = 1

  constructor(readonly span: number) {
    this.alpha = 2 / (span + 1)
  }

  push(x: number): number {
    const seen = !Number.isNaN(x)
    if (seen) this.observations++
    if (Number.isNaN(this.value)) {
      if (seen) this.value = x
      return this.value
    }
    this.oldWeight *= 1 - this.alpha
    if (seen) {
      if (this.value !== x) this.value = (this.oldWeight * this.value + this.alpha * x) / (this.oldWeight + this.alpha)
      this.oldWeight = 1
    }
    return this.value
  }
}

/** The full EMA series of `values` (same length); NaN before the first finite input. */
export const emaSpan = (values: ArrayLike<number>, span: number): Float64Array => {
  const ema = new SpanEma(span)
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = ema.push(values[i]!)
  return out
}
