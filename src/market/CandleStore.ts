import { Context, Effect, Layer, Option } from "effect"
import type { Candle } from "../domain/Candle.ts"
import { type CandleSeries, emptySeries, seriesFromCandles } from "../domain/CandleSeries.ts"
import { CandleRejected, seriesProblem } from "../domain/CandleSeriesCheck.ts"
import type { Timeframe } from "../domain/Timeframe.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { type AppendOutcome, CandleBuffer } from "./CandleBuffer.ts"

export interface SeriesOptions {
  /** Only bars closed by this instant: open + timeframe <= asOfMs. */
  readonly asOfMs: number
  /** At most this many of the newest closed bars. */
  readonly limit?: number
}

export const DEFAULT_MAX_BARS = 2_000

const isSeries = (input: CandleSeries | ReadonlyArray<Candle>): input is CandleSeries => !Array.isArray(input)

/**
 * Candles in memory per (symbol, timeframe), the newest `maxBars` of each (spec/strategy.md §1.3). Appending
 * replaces the last bar when the open time is the same, so a forming bar stays current; readers get closed bars
 * only, as of the instant they name, so live and backtest see the same candle view.
 */
export class CandleStore extends Context.Tag("CandleStore")<
  CandleStore,
  {
    /** Stores one series or candles of any symbols and timeframes (each group in ascending open time). */
    readonly append: (input: CandleSeries | ReadonlyArray<Candle>) => Effect.Effect<AppendOutcome, CandleRejected>
    /** Closed bars as of `options.asOfMs`, oldest first; empty for an unknown series. Never changes later. */
    readonly series: (symbol: string, timeframe: Timeframe, options: SeriesOptions) => Effect.Effect<CandleSeries>
    /** Symbols with at least one stored series, sorted. */
    readonly symbols: Effect.Effect<ReadonlyArray<string>>
    /** Open time of the newest stored bar, closed or forming: where an incremental fetch continues. */
    readonly lastOpenTime: (symbol: string, timeframe: Timeframe) => Effect.Effect<Option.Option<number>>
  }
>() {
  static readonly make = (options: { readonly maxBars?: number } = {}) =>
    Effect.gen(function* () {
      const maxBars = options.maxBars ?? DEFAULT_MAX_BARS
      if (!Number.isInteger(maxBars) || maxBars < 1) {
        return yield* Effect.dieMessage(`CandleStore: maxBars must be a positive integer, got ${maxBars}`)
      }
      const buffers = new Map<string, CandleBuffer>()
      const keyOf = (symbol: string, timeframe: Timeframe) => `${symbol}\u0000${timeframe}`

      const groups = (input: CandleSeries | ReadonlyArray<Candle>): ReadonlyArray<CandleSeries> => {
        if (isSeries(input)) return [input]
        const byKey = new Map<string, Array<Candle>>()
        for (const candle of input) {
          const key = keyOf(candle.symbol, candle.timeframe)
          const group = byKey.get(key)
          if (group === undefined) byKey.set(key, [candle])
          else group.push(candle)
        }
        return [...byKey.values()].map((g) => seriesFromCandles(g[0]?.symbol ?? "", g[0]?.timeframe ?? "15m", g))
      }

      const append = tracedFn("CandleStore.append")(function* (input: CandleSeries | ReadonlyArray<Candle>) {
        const batches = groups(input)
        // Validate every group before storing any, so a refused input leaves the store untouched
        for (const batch of batches) {
          const problem = seriesProblem(batch)
          if (problem !== undefined) {
            return yield* new CandleRejected({ symbol: batch.symbol, timeframe: batch.timeframe, ...problem })
          }
        }
        let appended = 0
        let replaced = 0
        let ignored = 0
        for (const batch of batches.filter((b) => b.length > 0)) {
          const key = keyOf(batch.symbol, batch.timeframe)
          let buffer = buffers.get(key)
          if (buffer === undefined) {
            buffer = new CandleBuffer(batch.symbol, batch.timeframe, maxBars)
            buffers.set(key, buffer)
          }
          const outcome = buffer.store(batch)
          appended += outcome.appended
          replaced += outcome.replaced
          ignored += outcome.ignored
        }
        return { appended, replaced, ignored }
      })

      const series = tracedFn("CandleStore.series")((symbol: string, timeframe: Timeframe, options: SeriesOptions) =>
        Effect.sync(() => {
          const buffer = buffers.get(keyOf(symbol, timeframe))
          return buffer === undefined ? emptySeries(symbol, timeframe) : buffer.closed(options.asOfMs, options.limit)
        })
      )

      return CandleStore.of({
        append,
        series,
        symbols: Effect.sync(() => [...new Set([...buffers.values()].map((b) => b.symbol))].sort()),
        lastOpenTime: (symbol, timeframe) =>
          Effect.sync(() => Option.fromNullable(buffers.get(keyOf(symbol, timeframe))?.lastOpenTime()))
      })
    })

  /** In-memory store with the default cap of 2,000 bars per series. */
  static readonly layer = Layer.effect(CandleStore, CandleStore.make())

  /** In-memory store with a chosen cap per series. */
  static readonly layerWith = (options: { readonly maxBars: number }) =>
    Layer.effect(CandleStore, CandleStore.make(options))
}
