import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { DiscardingCandleRepository } from "../../src/backtest/DiscardingCandleRepository.ts"
import { Candle } from "../../src/domain/Candle.ts"
import { type CandleSeries, seriesFromCandles } from "../../src/domain/CandleSeries.ts"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"

const BAR = 15 * 60_000

const bars = (opens: ReadonlyArray<number>): CandleSeries =>
  seriesFromCandles(
    "ETH/USD",
    "15m",
    opens.map(
      (openTime) =>
        new Candle({ symbol: "ETH/USD", timeframe: "15m", openTime, open: 10, high: 12, low: 9, close: 11, volume: 1 })
    )
  )

// As the backtest builds it: over the migrated repositories of a private in-memory database, replacing theirs
const layer = DiscardingCandleRepository.pipe(
  Layer.provideMerge(RepositoriesLive),
  Layer.provideMerge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

describe("DiscardingCandleRepository", () => {
  it.effect("accepts sound bars and stores none of them", () =>
    Effect.gen(function* () {
      const repository = yield* CandleRepository
      yield* repository.upsertSeries(bars([0, BAR, 2 * BAR]))
      expect(yield* repository.count("ETH/USD", "15m")).toBe(0)
      expect(yield* repository.storedSeries).toEqual([])
    }).pipe(Effect.provide(layer))
  )

  it.effect("refuses an unsound series as the stored repository does: the bars out of order are named", () =>
    Effect.gen(function* () {
      const repository = yield* CandleRepository
      const error = yield* Effect.flip(repository.upsertSeries(bars([BAR, 0])))
      expect(error._tag).toBe("CandleRejected")
      expect(error.message).toContain("ETH/USD 15m")
      expect(error.reason).toContain("not after the previous bar's")
    }).pipe(Effect.provide(layer))
  )
})
