import type { CandleSeries } from "../../domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../../domain/Timeframe.ts"
import type { SyntheticMarket } from "../../market/SyntheticMarket.ts"
import type { Bar } from "./IntrabarPath.ts"

export interface VolumeBar extends Bar {
  readonly volume: number
}

/** Where the venue's prices come from: closed bars of one timeframe, per spot symbol. */
export interface BarSource {
  readonly timeframe: Timeframe
  readonly startMs: number
  /** The spot symbols the source has bars for. */
  readonly symbols: ReadonlyArray<string>
  /** Bars with openTime in [fromMs, toMs), oldest first. */
  readonly bars: (spot: string, fromMs: number, toMs: number) => ReadonlyArray<VolumeBar>
}

export const seriesBars = (series: CandleSeries): ReadonlyArray<VolumeBar> =>
  Array.from({ length: series.length }, (_, i) => ({
    openTime: series.openTime[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!
  }))

/** 15m bars of a synthetic market; a bar is asked for whole, so its window ends one bar after `toMs`' bar. */
export const syntheticBars = (market: SyntheticMarket): BarSource => {
  const step = timeframeMs["15m"]
  return {
    timeframe: "15m",
    startMs: market.startMs,
    symbols: market.symbols,
    bars: (spot, fromMs, toMs) =>
      seriesBars(market.candles(spot, "15m", fromMs, Math.ceil(toMs / step) * step)).filter((b) => b.openTime < toMs)
  }
}

/** Bars held in memory (CSV files, stored candles), sorted oldest first per symbol. */
export const memoryBars = (timeframe: Timeframe, bySymbol: Readonly<Record<string, ReadonlyArray<VolumeBar>>>) => {
  const first = Object.values(bySymbol).flatMap((bars) => (bars[0] ? [bars[0].openTime] : []))
  return {
    timeframe,
    symbols: Object.keys(bySymbol),
    // When every symbol has begun: a venue opening here can list them all
    startMs: first.length > 0 ? Math.max(...first) : 0,
    bars: (spot: string, fromMs: number, toMs: number) =>
      (bySymbol[spot] ?? []).filter((b) => b.openTime >= fromMs && b.openTime < toMs)
  } satisfies BarSource
}

/** Bars regrouped into `intervalMs` buckets (a multiple of the source timeframe); a bucket needs all its bars. */
export const aggregateBars = (bars: ReadonlyArray<VolumeBar>, baseMs: number, intervalMs: number) => {
  if (intervalMs === baseMs) return bars
  const groups = new Map<number, Array<VolumeBar>>()
  for (const bar of bars) {
    const key = Math.floor(bar.openTime / intervalMs) * intervalMs
    groups.set(key, [...(groups.get(key) ?? []), bar])
  }
  return [...groups.entries()]
    .filter(([, group]) => group.length === intervalMs / baseMs)
    .map(
      ([openTime, group]): VolumeBar => ({
        openTime,
        open: group[0]!.open,
        high: Math.max(...group.map((b) => Number(b.high))),
        low: Math.min(...group.map((b) => Number(b.low))),
        close: group[group.length - 1]!.close,
        volume: group.reduce((sum, b) => sum + b.volume, 0)
      })
    )
}
