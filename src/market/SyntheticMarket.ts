import { type CandleSeries, emptySeries } from "../domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { OhlcvColumns } from "./OhlcvColumns.ts"
import { MarketFactor, SyntheticPath } from "./SyntheticPath.ts"
import { DEFAULT_SYNTHETIC_SYMBOLS, type SyntheticProfile, syntheticProfile } from "./SyntheticProfile.ts"

/**
 * A deterministic synthetic market: 15m bars per symbol generated in time order from `startMs`, and 1h/4h/1d
 * bars aggregated from them, so every timeframe tells the same story. Bars depend only on (seed, startMs,
 * symbol): whatever windows are asked, in whatever order, the same bar has the same numbers.
 */
export interface SyntheticMarket {
  readonly seed: number
  /** Open time of the first 15m bar (the requested start, floored to a 15m boundary). */
  readonly startMs: number
  /** The listed universe. Any other symbol also works; its traits are derived from its name. */
  readonly symbols: ReadonlyArray<string>
  readonly profile: (symbol: string) => SyntheticProfile
  /**
   * Bars lying wholly inside [fromMs, toMs): openTime >= fromMs and openTime + timeframe <= toMs, oldest first.
   * Pass toMs = now to get closed bars only. A higher-timeframe bar that would start before `startMs` does not
   * exist. With `retainMs` set, a window reaching before the bars still held gets only the held ones. The series
   * owns fresh arrays.
   */
  readonly candles: (symbol: string, timeframe: Timeframe, fromMs: number, toMs: number) => CandleSeries
  /**
   * The traded price at `timeMs`, or undefined before `startMs`. Within each 15m bar the price moves linearly
   * and at constant speed open -> first extreme -> second extreme -> close, where the low comes first in a bar
   * that closes at or above its open and the high comes first otherwise. Rounded to the symbol's price step.
   * Undefined too for a time older than the bars still held (`retainMs`).
   */
  readonly price: (symbol: string, timeMs: number) => number | undefined
}

export interface SyntheticMarketOptions {
  readonly seed: number
  readonly startMs: number
  readonly symbols?: ReadonlyArray<string>
  /**
   * Bars older than this behind the newest bar generated are forgotten, so a long-running process (the embedded
   * venue of `trading live`) holds a window of bars instead of every bar since the start. Default: all are kept
   * (backtests ask for any window).
   */
  readonly retainMs?: number
}

const BAR_MS = timeframeMs["15m"]
/** With a retention, bars beyond it are forgotten once this fraction more is held (see `forgetOldest`). */
const KEEP_SLACK = 1 / 8

const requireFinite = (name: string, value: number): void => {
  if (!Number.isFinite(value)) throw new RangeError(`SyntheticMarket: ${name} must be finite, got ${value}`)
}

/** Bars of one timeframe held in `columns`: bar numbers `first` (counted from the timeframe's first bar) on. */
interface HeldBars {
  readonly columns: OhlcvColumns
  first: number
}

const heldBars = (): HeldBars => ({ columns: new OhlcvColumns(), first: 0 })

/** Bar number one past the newest held bar. */
const endOf = (held: HeldBars): number => held.first + held.columns.length

/**
 * Before `held` grows to `count` bars: once more than `keep` + `slack` would be held, the oldest are forgotten down
 * to `keep`, so each bar is moved at most `keep / slack` times (amortised O(1)) and the columns never need more
 * than `keep + slack` places.
 */
const forgetOldest = (held: HeldBars, count: number, keep: number, slack: number): void => {
  const excess = count - held.first - keep
  if (excess <= slack) return
  const dropped = Math.min(excess, held.columns.length)
  held.columns.dropOldest(dropped)
  held.first += dropped
}

class SymbolBars {
  readonly profile: SyntheticProfile
  private readonly path: SyntheticPath
  private readonly base = heldBars()
  private readonly aggregated = new Map<Timeframe, HeldBars>()

  /** `keepBars`: 15m bars kept behind the newest (Infinity = all); older ones go an eighth of that at a time. */
  constructor(
    seed: number,
    symbol: string,
    private readonly startMs: number,
    market: MarketFactor,
    private readonly keepBars: number
  ) {
    this.profile = syntheticProfile(seed, symbol)
    this.path = new SyntheticPath(seed, this.profile, startMs, market)
  }

  /** Open time of the first bar of `timeframe` (the first boundary at or after the start). */
  firstOpen(timeframe: Timeframe): number {
    return Math.ceil(this.startMs / timeframeMs[timeframe]) * timeframeMs[timeframe]
  }

  /** The bars of `timeframe` before bar number `count` still held, generating and aggregating as needed. */
  columns(timeframe: Timeframe, count: number): HeldBars {
    if (timeframe === "15m") return this.extendBase(count)
    const ratio = timeframeMs[timeframe] / BAR_MS
    const offset = (this.firstOpen(timeframe) - this.startMs) / BAR_MS
    const held = this.extendBase(offset + count * ratio)
    const base = held.columns
    let out = this.aggregated.get(timeframe)
    if (out === undefined) {
      out = heldBars()
      this.aggregated.set(timeframe, out)
    }
    if (count <= endOf(out)) return out
    this.grow(out, count, this.keepBars / ratio)
    // The 15m bars this timeframe aggregates next were forgotten: it goes on from its first bar still whole
    if (offset + endOf(out) * ratio < held.first) {
      out.columns.dropOldest(out.columns.length)
      out.first = Math.ceil((held.first - offset) / ratio)
    }
    const volumeScale = 10 ** this.profile.volumeDecimals
    while (endOf(out) < count) {
      const from = offset + endOf(out) * ratio - held.first
      let high = base.high[from] ?? 0
      let low = base.low[from] ?? 0
      let volume = 0
      for (let i = from; i < from + ratio; i++) {
        high = Math.max(high, base.high[i] ?? high)
        low = Math.min(low, base.low[i] ?? low)
        volume += base.volume[i] ?? 0
      }
      out.columns.push(
        base.open[from] ?? 0,
        high,
        low,
        base.close[from + ratio - 1] ?? 0,
        Math.round(volume * volumeScale) / volumeScale
      )
    }
    return out
  }

  /** Makes room in `held` for bars up to `count`, first forgetting the oldest beyond `keep`. */
  private grow(held: HeldBars, count: number, keep: number): void {
    const slack = Math.ceil(keep * KEEP_SLACK)
    forgetOldest(held, count, keep, slack)
    held.columns.reserve(count - held.first, Math.ceil(keep) + slack)
  }

  private extendBase(count: number): HeldBars {
    const base = this.base
    if (count <= endOf(base)) return base
    this.grow(base, count, this.keepBars)
    while (endOf(base) < count) this.path.step(endOf(base), base.columns)
    return base
  }
}

const pathPrice = (bars: OhlcvColumns, i: number, fraction: number): number => {
  const open = bars.open[i] ?? 0
  const close = bars.close[i] ?? 0
  const high = bars.high[i] ?? 0
  const low = bars.low[i] ?? 0
  const [first, second] = close >= open ? [low, high] : [high, low]
  const legs = [Math.abs(first - open), Math.abs(second - first), Math.abs(close - second)] as const
  let travel = fraction * (legs[0] + legs[1] + legs[2])
  if (travel <= legs[0]) return legs[0] === 0 ? open : open + ((first - open) * travel) / legs[0]
  travel -= legs[0]
  if (travel <= legs[1]) return legs[1] === 0 ? first : first + ((second - first) * travel) / legs[1]
  travel -= legs[1]
  return legs[2] === 0 ? second : second + ((close - second) * travel) / legs[2]
}

export const createSyntheticMarket = (options: SyntheticMarketOptions): SyntheticMarket => {
  requireFinite("seed", options.seed)
  requireFinite("startMs", options.startMs)
  const seed = options.seed
  const startMs = Math.floor(options.startMs / BAR_MS) * BAR_MS
  const keepBars = options.retainMs === undefined ? Number.POSITIVE_INFINITY : Math.ceil(options.retainMs / BAR_MS)
  if (!(keepBars >= 1)) throw new RangeError(`SyntheticMarket: retainMs must be positive, got ${options.retainMs}`)
  // The shared shocks are held over the same window as the bars (Infinity: all)
  const factor = new MarketFactor(seed, { keep: keepBars, slack: Math.ceil(keepBars * KEEP_SLACK) })
  const bySymbol = new Map<string, SymbolBars>()
  const barsOf = (symbol: string): SymbolBars => {
    let bars = bySymbol.get(symbol)
    if (bars === undefined) {
      bars = new SymbolBars(seed, symbol, startMs, factor, keepBars)
      bySymbol.set(symbol, bars)
    }
    return bars
  }

  const candles = (symbol: string, timeframe: Timeframe, fromMs: number, toMs: number): CandleSeries => {
    requireFinite("fromMs", fromMs)
    requireFinite("toMs", toMs)
    const bars = barsOf(symbol)
    const step = timeframeMs[timeframe]
    const first = bars.firstOpen(timeframe)
    const asked = Math.max(0, Math.ceil((fromMs - first) / step))
    const to = Math.floor((toMs - first) / step)
    if (to <= asked) return emptySeries(symbol, timeframe)
    const held = bars.columns(timeframe, to)
    const from = Math.max(asked, held.first)
    if (to <= from) return emptySeries(symbol, timeframe)
    const series = emptySeries(symbol, timeframe, to - from)
    for (let i = 0; i < to - from; i++) series.openTime[i] = first + (from + i) * step
    const [start, end] = [from - held.first, to - held.first]
    series.open.set(held.columns.open.subarray(start, end))
    series.high.set(held.columns.high.subarray(start, end))
    series.low.set(held.columns.low.subarray(start, end))
    series.close.set(held.columns.close.subarray(start, end))
    series.volume.set(held.columns.volume.subarray(start, end))
    return { ...series, length: to - from }
  }

  const price = (symbol: string, timeMs: number): number | undefined => {
    requireFinite("timeMs", timeMs)
    if (timeMs < startMs) return undefined
    const bars = barsOf(symbol)
    const index = Math.floor((timeMs - startMs) / BAR_MS)
    const held = bars.columns("15m", index + 1)
    if (index < held.first) return undefined
    const scale = 10 ** bars.profile.priceDecimals
    const fraction = (timeMs - startMs - index * BAR_MS) / BAR_MS
    return Math.round(pathPrice(held.columns, index - held.first, fraction) * scale) / scale
  }

  return {
    seed,
    startMs,
    symbols: options.symbols ?? DEFAULT_SYNTHETIC_SYMBOLS,
    profile: (symbol) => barsOf(symbol).profile,
    candles,
    price
  }
}
