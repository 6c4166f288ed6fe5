import { Candle } from "./Candle.ts"
import type { Timeframe } from "./Timeframe.ts"

/**
 * Candles of one symbol and timeframe as columns of typed arrays, oldest first: the shape every
 * analysis hot path reads. `length` may be smaller than the arrays' capacity.
 */
export interface CandleSeries {
  readonly symbol: string
  readonly timeframe: Timeframe
  readonly length: number
  readonly openTime: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

export const emptySeries = (symbol: string, timeframe: Timeframe, capacity = 0): CandleSeries => ({
  symbol,
  timeframe,
  length: 0,
  openTime: new Float64Array(capacity),
  open: new Float64Array(capacity),
  high: new Float64Array(capacity),
  low: new Float64Array(capacity),
  close: new Float64Array(capacity),
  volume: new Float64Array(capacity)
})

/** Columnar copy of candles already sorted by open time. */
export const seriesFromCandles = (
  symbol: string,
  timeframe: Timeframe,
  candles: ReadonlyArray<Candle>
): CandleSeries => {
  const s = emptySeries(symbol, timeframe, candles.length)
  candles.forEach((c, i) => {
    s.openTime[i] = c.openTime
    s.open[i] = c.open
    s.high[i] = c.high
    s.low[i] = c.low
    s.close[i] = c.close
    s.volume[i] = c.volume
  })
  return { ...s, length: candles.length }
}

/** The first `length` bars of a series, sharing its buffers (no copy): a causal view "as of" a bar. */
export const seriesPrefix = (s: CandleSeries, length: number): CandleSeries => ({
  ...s,
  length: Math.max(0, Math.min(length, s.length))
})

/** Row objects for the bars of a series (for persistence and other edges; hot paths stay columnar). */
export const candlesFromSeries = (s: CandleSeries): ReadonlyArray<Candle> =>
  Array.from(
    { length: s.length },
    (_, i) =>
      new Candle(
        {
          symbol: s.symbol,
          timeframe: s.timeframe,
          openTime: s.openTime[i] ?? 0,
          open: s.open[i] ?? 0,
          high: s.high[i] ?? 0,
          low: s.low[i] ?? 0,
          close: s.close[i] ?? 0,
          volume: s.volume[i] ?? 0
        },
        { disableValidation: true }
      )
  )
