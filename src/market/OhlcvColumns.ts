/** Growable OHLCV columns on Float64Arrays (open times are implicit: the owner knows the grid). */
export class OhlcvColumns {
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
  length = 0

  constructor(capacity = 1_024) {
    this.open = new Float64Array(capacity)
    this.high = new Float64Array(capacity)
    this.low = new Float64Array(capacity)
    this.close = new Float64Array(capacity)
    this.volume = new Float64Array(capacity)
  }

  /**
   * Makes room for at least `capacity` bars, doubling so that appends stay amortised O(1), but never past `limit`
   * when `capacity` fits under it (an owner that keeps a window of bars sets it).
   */
  reserve(capacity: number, limit = Number.POSITIVE_INFINITY): void {
    if (capacity <= this.open.length) return
    const size = Math.max(capacity, Math.min(this.open.length * 2, limit))
    const grow = (column: Float64Array): Float64Array => {
      const next = new Float64Array(size)
      next.set(column.subarray(0, this.length))
      return next
    }
    this.open = grow(this.open)
    this.high = grow(this.high)
    this.low = grow(this.low)
    this.close = grow(this.close)
    this.volume = grow(this.volume)
  }

  /** Forgets the oldest `count` bars, moving the rest to the front in place (the capacity stays). */
  dropOldest(count: number): void {
    const dropped = Math.min(count, this.length)
    for (const column of [this.open, this.high, this.low, this.close, this.volume]) {
      column.copyWithin(0, dropped, this.length)
    }
    this.length -= dropped
  }

  push(open: number, high: number, low: number, close: number, volume: number): void {
    const i = this.length
    if (i === this.open.length) this.reserve(i + 1)
    this.open[i] = open
    this.high[i] = high
    this.low[i] = low
    this.close[i] = close
    this.volume[i] = volume
    this.length = i + 1
  }
}
