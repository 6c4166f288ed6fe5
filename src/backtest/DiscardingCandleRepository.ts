import { Effect, Layer } from "effect"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import { CandleRejected, seriesProblem } from "../domain/CandleSeriesCheck.ts"
import { CandleRepository, makeCandleRepository } from "../storage/CandleRepository.ts"

/**
 * The candle repository of a backtest: writes are checked and dropped, reads go to the (empty) `candles` table of
 * the run's private database. Nothing in the tick reads stored candles back (the strategy reads the in-memory
 * CandleStore), so upserting every synced bar into SQLite was half the candle sync's cost and bought nothing.
 */
export const DiscardingCandleRepository = Layer.effect(
  CandleRepository,
  Effect.map(makeCandleRepository, (stored) =>
    CandleRepository.of({
      ...stored,
      upsertMany: () => Effect.void,
      // The same refusal as the stored repository's, so a tick fails exactly as it would live
      upsertSeries: (series: CandleSeries) => {
        const problem = seriesProblem(series)
        return problem === undefined
          ? Effect.void
          : Effect.fail(new CandleRejected({ symbol: series.symbol, timeframe: series.timeframe, ...problem }))
      }
    })
  )
)
