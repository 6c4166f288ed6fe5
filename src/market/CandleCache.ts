import type { CandleSeries } from "../domain/CandleSeries.ts"
import type { AppendRejection } from "../domain/CandleSeriesCheck.ts"
import { barOpenTime, type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { CandleBuffer } from "./CandleBuffer.ts"

/** What a read needs: nothing (the cache holds every closed bar asked for) or a fetch from `sinceMs`. */
export type CachePlan =
  | { readonly _tag: "Hit" }
  /** `replace`: the cache cannot be extended to cover the request; the fetched bars start a new entry. */
  | { readonly _tag: "Fetch"; readonly sinceMs: number; readonly replace: boolean }

interface Entry {
  readonly buffer: CandleBuffer
  /** Every closed bar opened at or after `from` and closed by `until` that the venue had is held. */
  from: number
  until: number
}

/**
 * Closed bars fetched from a venue, per symbol and timeframe: a read is served from memory until a new bar has
 * closed (the bar-boundary cache), and a fetch then continues from the newest bar held (incremental). A fetch
 * made within `settleMs` of a bar boundary that did not bring that boundary's bar is not trusted to cover it:
 * the venue may not have rolled the bar yet, so the next read asks again instead of waiting a whole bar.
 */
export class CandleCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    readonly maxBars: number,
    readonly settleMs: number
  ) {}

  plan(symbol: string, timeframe: Timeframe, fromMs: number, endMs: number): CachePlan {
    const entry = this.entries.get(this.key(symbol, timeframe))
    if (entry === undefined || fromMs < entry.from) return { _tag: "Fetch", sinceMs: fromMs, replace: true }
    if (this.covers(entry, timeframe, endMs)) return { _tag: "Hit" }
    const newest = entry.buffer.lastOpenTime()
    return { _tag: "Fetch", sinceMs: newest === undefined ? entry.from : newest, replace: false }
  }

  /** Stores the closed bars a fetch planned by `plan` returned, as of `endMs`; refuses an unsound batch whole. */
  store(fetched: CandleSeries, plan: CachePlan, endMs: number): AppendRejection | undefined {
    if (plan._tag === "Hit") return undefined
    const key = this.key(fetched.symbol, fetched.timeframe)
    const current = this.entries.get(key)
    const entry =
      plan.replace || current === undefined
        ? { buffer: new CandleBuffer(fetched.symbol, fetched.timeframe, this.maxBars), from: plan.sinceMs, until: 0 }
        : current
    const outcome = entry.buffer.append(fetched)
    if ("reason" in outcome) return outcome
    entry.until = Math.max(entry.until, endMs)
    // Bars dropped off the front of a full buffer are no longer held
    if (entry.buffer.length === this.maxBars) {
      entry.from = Math.max(entry.from, entry.buffer.closed(Number.POSITIVE_INFINITY, this.maxBars).openTime[0] ?? 0)
    }
    this.entries.set(key, entry)
    return undefined
  }

  /** The held bars opened at or after `fromMs` and closed by `endMs`, oldest first (shared, never mutated). */
  read(symbol: string, timeframe: Timeframe, fromMs: number, endMs: number): CandleSeries | undefined {
    const entry = this.entries.get(this.key(symbol, timeframe))
    if (entry === undefined) return undefined
    const closed = entry.buffer.closed(endMs)
    let first = 0
    while (first < closed.length && (closed.openTime[first] ?? 0) < fromMs) first++
    const view = (column: Float64Array) => column.subarray(first, closed.length)
    return {
      symbol,
      timeframe,
      length: closed.length - first,
      openTime: view(closed.openTime),
      open: view(closed.open),
      high: view(closed.high),
      low: view(closed.low),
      close: view(closed.close),
      volume: view(closed.volume)
    }
  }

  private covers(entry: Entry, timeframe: Timeframe, endMs: number): boolean {
    const boundary = barOpenTime(timeframe, endMs)
    if (barOpenTime(timeframe, entry.until) !== boundary) return false
    // The bar that closed at `boundary` is held, or the fetch came late enough for the venue to have rolled it
    const newest = entry.buffer.lastOpenTime()
    return (
      (newest !== undefined && newest + timeframeMs[timeframe] >= boundary) || entry.until - boundary >= this.settleMs
    )
  }

  private key(symbol: string, timeframe: Timeframe): string {
    return `${symbol}\u0000${timeframe}`
  }
}
