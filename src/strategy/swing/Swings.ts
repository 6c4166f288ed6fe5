import type { Bars } from "../Types.ts"
import type { SwingPoint } from "./Events.ts"

/** Sliding-window maximum (or minimum with `sign` −1) over the last `size` pushed values: a monotonic deque in a ring. */
class WindowExtreme {
  private readonly idx: Float64Array
  private readonly val: Float64Array
  private head = 0
  private count = 0

  constructor(
    private readonly size: number,
    private readonly sign: 1 | -1
  ) {
    this.idx = new Float64Array(size + 1)
    this.val = new Float64Array(size + 1)
  }

  push(i: number, v: number): void {
    const cap = this.idx.length
    const s = this.sign * v
    while (this.count > 0 && this.sign * this.val[(this.head + this.count - 1) % cap]! <= s) this.count--
    const tail = (this.head + this.count) % cap
    this.idx[tail] = i
    this.val[tail] = v
    this.count++
    while (this.idx[this.head]! <= i - this.size) {
      this.head = (this.head + 1) % cap
      this.count--
    }
  }

  get value(): number {
    return this.val[this.head]!
  }
}

/**
 * Swing highs and lows (smc-definitions §1) with swing_length n, confirmed n bars after the swing bar:
 * bar i is a high candidate when h[i] equals the max of h over [i−n+1, i+n] (else a low candidate with
 * lows), for i ≥ 2n−1. Runs of same-kind candidates keep the most extreme (earliest on ties): a later,
 * more extreme candidate supersedes the run's current swing at its confirmation bar. The reference's
 * forced endpoints at bars 0 and N−1 are not swings and are not produced.
 */
export class SwingTracker {
  readonly all: Array<SwingPoint> = []
  /** Alternating high/low sequence as known now. */
  readonly live: Array<SwingPoint> = []
  private readonly maxHigh: WindowExtreme
  private readonly minLow: WindowExtreme

  constructor(readonly length: number) {
    this.maxHigh = new WindowExtreme(2 * length, 1)
    this.minLow = new WindowExtreme(2 * length, -1)
  }

  /** Feed bar t (absolute index `abs`); returns the swing appended or replaced at this bar, if any. */
  push(bars: Bars, t: number, abs: number): SwingPoint | undefined {
    this.maxHigh.push(abs, bars.high[t]!)
    this.minLow.push(abs, bars.low[t]!)
    const n = this.length
    const i = abs - n
    if (i < 2 * n - 1) return undefined
    const h = bars.high[t - n]!
    const l = bars.low[t - n]!
    if (h === this.maxHigh.value) return this.candidate(i, "high", h, abs)
    if (l === this.minLow.value) return this.candidate(i, "low", l, abs)
    return undefined
  }

  private candidate(index: number, kind: "high" | "low", price: number, at: number): SwingPoint | undefined {
    const last = this.live.at(-1)
    const swing: SwingPoint = { index, kind, price, confirmedAt: at, supersededAt: null }
    if (last === undefined || last.kind !== kind) {
      this.live.push(swing)
    } else if (kind === "high" ? price > last.price : price < last.price) {
      last.supersededAt = at
      this.live[this.live.length - 1] = swing
    } else {
      return undefined
    }
    this.all.push(swing)
    return swing
  }

  /** The last live swing of `kind`. */
  lastOf(kind: "high" | "low"): SwingPoint | undefined {
    for (let k = this.live.length - 1; k >= 0 && k >= this.live.length - 2; k--) {
      if (this.live[k]!.kind === kind) return this.live[k]
    }
    return undefined
  }
}
