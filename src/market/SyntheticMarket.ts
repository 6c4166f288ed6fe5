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
   * exist. The series owns fresh arrays.
   */
  readonly candles: (symbol: string, timeframe: Timeframe, fromMs: number, toMs: number) => CandleSeries
  /**
   * The traded price at `timeMs`, or undefined before `startMs`. Within each 15m bar the price moves linearly
   * and at constant speed open -> first extreme -> second extreme -> close, where the low comes first in a bar
   * that closes at or above its open and the high comes first otherwise. Rounded to the symbol's price step.
   */
  readonly price: (symbol: string, timeMs: number) => number | undefined
}

export interface SyntheticMarketOptions {
  readonly seed: number
  readonly startMs: number
  readonly symbols?: ReadonlyArray<string>
}

const BAR_MS = timeframeMs["15m"]

const requireFinite = (name: string, value: number): void => {
  if (!Number.isFinite(value)) throw new RangeError(`SyntheticMarket: ${name} must be finite, got ${value}`)
}

class SymbolBars {
  readonly profile: SyntheticProfile
  private readonly path: SyntheticPath
  private readonly base = new OhlcvColumns()
  private readonly aggregated = new Map<Timeframe, OhlcvColumns>()

  constructor(
    seed: number,
    symbol: string,
    private readonly startMs: number,
    market: MarketFactor
  ) {
    this.profile = syntheticProfile(seed, symbol)
    this.path = new SyntheticPath(seed, this.profile, startMs, market)
  }

  /** Open time of the first bar of `timeframe` (the first boundary at or after the start). */
  firstOpen(timeframe: Timeframe): number {
    return Math.ceil(this.startMs / timeframeMs[timeframe]) * timeframeMs[timeframe]
  }

  /** The first `count` bars of `timeframe`, generating and aggregating as needed. */
  columns(timeframe: Timeframe, count: number): OhlcvColumns {
    if (timeframe === "15m") return this.extendBase(count)
    const ratio = timeframeMs[timeframe] / BAR_MS
    const offset = (this.firstOpen(timeframe) - this.startMs) / BAR_MS
    const base = this.extendBase(offset + count * ratio)
    let out = this.aggregated.get(timeframe)
    if (out === undefined) {
      out = new OhlcvColumns()
      this.aggregated.set(timeframe, out)
    }
    const volumeScale = 10 ** this.profile.volumeDecimals
    out.reserve(count)
    while (out.length < count) {
      const from = offset + out.length * ratio
      let high = base.high[from] ?? 0
      let low = base.low[from] ?? 0
      let volume = 0
      for (let i = from; i < from + ratio; i++) {
        high = Math.max(high, base.high[i] ?? high)
        low = Math.min(low, base.low[i] ?? low)
        volume += base.volume[i] ?? 0
      }
      out.push(
        base.open[from] ?? 0,
        high,
        low,
        base.close[from + ratio - 1] ?? 0,
        Math.round(volume * volumeScale) / volumeScale
      )
    }
    return out
  }

  private extendBase(count: number): OhlcvColumns {
    this.base.reserve(count)
    while (this.base.length < count) this.path.step(this.base.length, this.base)
    return this.base
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
  const factor = new MarketFactor(seed)
  const bySymbol = new Map<string, SymbolBars>()
  const barsOf = (symbol: string): SymbolBars => {
    let bars = bySymbol.get(symbol)
    if (bars === undefined) {
      bars = new SymbolBars(seed, symbol, startMs, factor)
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
    const from = Math.max(0, Math.ceil((fromMs - first) / step))
    const to = Math.floor((toMs - first) / step)
    if (to <= from) return emptySeries(symbol, timeframe)
    const columns = bars.columns(timeframe, to)
    const series = emptySeries(symbol, timeframe, to - from)
    for (let i = 0; i < to - from; i++) series.openTime[i] = first + (from + i) * step
    series.open.set(columns.open.subarray(from, to))
    series.high.set(columns.high.subarray(from, to))
    series.low.set(columns.low.subarray(from, to))
    series.close.set(columns.close.subarray(from, to))
    series.volume.set(columns.volume.subarray(from, to))
    return { ...series, length: to - from }
  }

  const price = (symbol: string, timeMs: number): number | undefined => {
    requireFinite("timeMs", timeMs)
    if (timeMs < startMs) return undefined
    const bars = barsOf(symbol)
    const index = Math.floor((timeMs - startMs) / BAR_MS)
    const columns = bars.columns("15m", index + 1)
    const scale = 10 ** bars.profile.priceDecimals
    return Math.round(pathPrice(columns, index, (timeMs - startMs - index * BAR_MS) / BAR_MS) * scale) / scale
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
