import { Effect } from "effect"
import { type CandleSeries, emptySeries } from "../domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { type BarSource, syntheticBars, type VolumeBar } from "../exchange/sim/BarSource.ts"
import { CandlesUnavailable } from "../market/CandlesUnavailable.ts"
import type { MarketDataSource } from "../market/MarketDataSource.ts"
import { createSyntheticMarket } from "../market/SyntheticMarket.ts"
import { resample } from "../strategy/Resample.ts"

/**
 * One market seen two ways: the strategy's closed candles (through `MarketDataSource`, as `trading live` reads
 * them) and the venue's prices (a `BarSource` the simulated exchange walks). Both come from the same bars, so the
 * signals and the fills see the same prices.
 */
export interface BacktestMarket {
  readonly name: string
  readonly bars: BarSource
  readonly candles: MarketDataSource["Type"]
  /** Open time of the first bar every symbol has. */
  readonly firstMs: number
  /** End of the data (exclusive); undefined for the endless synthetic market. */
  readonly endMs: number | undefined
  /** The same market's candles as if its data ended at `ms`: only bars closed by then exist, at every timeframe. */
  readonly cutAt: (ms: number) => BacktestMarket
}

/** The deterministic synthetic market (15m bars from `startMs`, coarser timeframes aggregated from them). */
export const syntheticMarket = (options: {
  readonly seed: number
  readonly startMs: number
  readonly symbols: ReadonlyArray<string>
}): BacktestMarket => {
  const market = createSyntheticMarket(options)
  const withEnd = (endMs: number): BacktestMarket => ({
    name: "synthetic",
    bars: syntheticBars(market),
    candles: {
      name: "synthetic",
      symbols: market.symbols,
      closedCandles: (symbol, timeframe, fromMs, toMs) =>
        Effect.sync(() => market.candles(symbol, timeframe, fromMs, Math.min(toMs, endMs)))
    },
    firstMs: market.startMs,
    endMs: Number.isFinite(endMs) ? endMs : undefined,
    // Each bar is generated from the ones before it (coarser ones aggregate finished 15m bars): ending the data is
    // hiding the bars closing after the cut
    cutAt: (ms) => withEnd(Math.min(ms, endMs))
  })
  return withEnd(Number.POSITIVE_INFINITY)
}

/** Index of the first bar opening at or after `ms` (bars sorted by open time). */
const lowerBound = (bars: ReadonlyArray<VolumeBar>, ms: number): number => {
  let lo = 0
  let hi = bars.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (bars[mid]!.openTime < ms) lo = mid + 1
    else hi = mid
  }
  return lo
}

const seriesOf = (symbol: string, timeframe: Timeframe, bars: ReadonlyArray<VolumeBar>): CandleSeries => {
  const series = emptySeries(symbol, timeframe, bars.length)
  bars.forEach((bar, i) => {
    series.openTime[i] = bar.openTime
    series.open[i] = Number(bar.open)
    series.high[i] = Number(bar.high)
    series.low[i] = Number(bar.low)
    series.close[i] = Number(bar.close)
    series.volume[i] = bar.volume
  })
  return { ...series, length: bars.length }
}

/** The bars of `series` lying wholly inside [fromMs, toMs). */
const within = (series: CandleSeries, fromMs: number, toMs: number): CandleSeries => {
  const step = timeframeMs[series.timeframe]
  const keep: Array<number> = []
  for (let i = 0; i < series.length; i++) {
    const open = series.openTime[i]!
    if (open >= fromMs && open + step <= toMs) keep.push(i)
  }
  const out = emptySeries(series.symbol, series.timeframe, keep.length)
  keep.forEach((from, to) => {
    for (const column of ["openTime", "open", "high", "low", "close", "volume"] as const) {
      out[column][to] = series[column][from]!
    }
  })
  return { ...out, length: keep.length }
}

/**
 * A market over bars held in memory (candle files, stored candles): the venue walks them as they are; the strategy
 * gets them at their own timeframe and coarser ones resampled from them (UTC buckets). A finer timeframe than the
 * data holds does not exist: that series is unavailable, as a missing series is in `trading live`.
 */
export const barMarket = (name: string, source: BarSource): BacktestMarket => {
  const baseMs = timeframeMs[source.timeframe]
  const bySymbol = new Map(source.symbols.map((s) => [s, source.bars(s, 0, Number.MAX_SAFE_INTEGER)]))
  const window = (spot: string, fromMs: number, toMs: number) => {
    const all = bySymbol.get(spot) ?? []
    return all.slice(lowerBound(all, fromMs), lowerBound(all, toMs))
  }
  const ends = [...bySymbol.values()].map((bars) => (bars.at(-1)?.openTime ?? 0) + baseMs)
  return {
    name,
    bars: { ...source, bars: window },
    candles: {
      name,
      symbols: source.symbols,
      closedCandles: (symbol, timeframe, fromMs, toMs) => {
        const stepMs = timeframeMs[timeframe]
        if (stepMs < baseMs) {
          return Effect.fail(
            new CandlesUnavailable({
              source: name,
              symbol,
              timeframe,
              reason: `the data holds ${source.timeframe} bars, nothing finer`
            })
          )
        }
        return Effect.sync(() => {
          const alignedFrom = Math.floor(fromMs / stepMs) * stepMs
          const base = seriesOf(symbol, source.timeframe, window(symbol, alignedFrom, toMs))
          const series = timeframe === source.timeframe ? base : resample(base, source.timeframe, timeframe, symbol)
          return within(series, fromMs, toMs)
        })
      }
    },
    firstMs: source.startMs,
    endMs: ends.length === 0 ? undefined : Math.min(...ends),
    // Resampling then runs on the cut bars: a coarse bar still forming at the cut cannot leak its final values
    cutAt: (ms) =>
      barMarket(name, {
        ...source,
        bars: (spot, fromMs, toMs) => window(spot, fromMs, Math.min(toMs, ms - baseMs + 1))
      })
  }
}
