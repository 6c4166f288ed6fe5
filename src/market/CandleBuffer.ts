import type { CandleSeries } from "../domain/CandleSeries.ts"
import { type AppendRejection, seriesProblem } from "../domain/CandleSeriesCheck.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"

/** What one append did: bars added at the end, the last bar replaced in place, older bars ignored. */
export interface AppendOutcome {
  readonly appended: number
  readonly replaced: number
  readonly ignored: number
}

const COLUMNS = ["openTime", "open", "high", "low", "close", "volume"] as const

type Columns = Record<(typeof COLUMNS)[number], Float64Array>

const allocate = (size: number): Columns => ({
  openTime: new Float64Array(size),
  open: new Float64Array(size),
  high: new Float64Array(size),
  low: new Float64Array(size),
  close: new Float64Array(size),
  volume: new Float64Array(size)
})

const INITIAL_SIZE = 64

/**
 * The newest `maxBars` bars of one symbol and timeframe, oldest first. Series handed out share the buffers and
 * stay unchanged afterwards: appends write past their end, compaction moves to fresh buffers, and replacing a
 * bar that a handed-out series contains copies the buffers first (copy on write). A forming bar is replaced in
 * place every update, so it is normally not shared: series contain closed bars only.
 */
export class CandleBuffer {
  private columns: Columns
  private start = 0
  private end = 0
  // Bars [0, shared) of the current buffers may be visible through handed-out series
  private shared = 0

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    readonly maxBars: number
  ) {
    this.columns = allocate(Math.min(INITIAL_SIZE, 2 * maxBars))
  }

  get length(): number {
    return this.end - this.start
  }

  lastOpenTime(): number | undefined {
    return this.end > this.start ? this.columns.openTime[this.end - 1] : undefined
  }

  /**
   * Adds the bars of `input` (same symbol and timeframe, ascending open times): bars newer than the last stored
   * bar are appended, a bar with the last bar's open time replaces it (a forming bar's update), older bars are
   * ignored. A batch with any unsound bar is refused whole.
   */
  append(input: CandleSeries): AppendOutcome | AppendRejection {
    return seriesProblem(input) ?? this.store(input)
  }

  /** `append` for a batch already checked with `seriesProblem`. */
  store(input: CandleSeries): AppendOutcome {
    let appended = 0
    let replaced = 0
    for (let i = 0; i < input.length; i++) {
      const openTime = input.openTime[i] ?? 0
      const last = this.lastOpenTime()
      if (last !== undefined && openTime < last) continue
      if (last !== undefined && openTime === last) {
        if (this.end - 1 < this.shared) this.copyOnWrite()
        this.write(this.end - 1, input, i)
        replaced++
      } else {
        if (this.end === this.columns.open.length) this.compact()
        this.write(this.end++, input, i)
        if (this.end - this.start > this.maxBars) this.start++
        appended++
      }
    }
    return { appended, replaced, ignored: input.length - appended - replaced }
  }

  /** The bars closed by `asOfMs` (open + timeframe <= asOfMs), at most the newest `limit`, sharing storage. */
  closed(asOfMs: number, limit = Number.POSITIVE_INFINITY): CandleSeries {
    const latestOpen = asOfMs - timeframeMs[this.timeframe]
    let to = this.end
    while (to > this.start && (this.columns.openTime[to - 1] ?? 0) > latestOpen) to--
    const from = Math.max(this.start, to - Math.max(0, Math.floor(limit)))
    this.shared = Math.max(this.shared, to)
    const view = (column: Float64Array) => column.subarray(from, to)
    const c = this.columns
    return {
      symbol: this.symbol,
      timeframe: this.timeframe,
      length: to - from,
      openTime: view(c.openTime),
      open: view(c.open),
      high: view(c.high),
      low: view(c.low),
      close: view(c.close),
      volume: view(c.volume)
    }
  }

  private write(at: number, input: CandleSeries, i: number): void {
    for (const name of COLUMNS) this.columns[name][at] = input[name][i] ?? 0
  }

  private moveTo(size: number): void {
    const next = allocate(size)
    for (const name of COLUMNS) next[name].set(this.columns[name].subarray(this.start, this.end))
    this.columns = next
    this.end -= this.start
    this.start = 0
    this.shared = 0
  }

  private copyOnWrite(): void {
    this.moveTo(this.columns.open.length)
  }

  /** Moves the kept bars to the front of fresh, larger buffers (up to 2 × maxBars): appends stay amortised O(1). */
  private compact(): void {
    this.moveTo(Math.min(2 * this.maxBars, Math.max(INITIAL_SIZE, 2 * this.length)))
  }
}
