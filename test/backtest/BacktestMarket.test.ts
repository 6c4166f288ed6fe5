import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { barMarket, syntheticMarket } from "../../src/backtest/BacktestMarket.ts"
import { memoryBars, type VolumeBar } from "../../src/exchange/sim/BarSource.ts"

const HOUR = 3_600_000
const T0 = Date.UTC(2024, 0, 1)

/** Twelve hourly bars from T0 whose close is their hour number, so every value names its bar. */
const hourly: ReadonlyArray<VolumeBar> = Array.from({ length: 12 }, (_, h) => ({
  openTime: T0 + h * HOUR,
  open: 100 + h,
  high: 101 + h,
  low: 99 + h,
  close: 100 + h + 0.5,
  volume: 1
}))
const market = barMarket("memory", memoryBars("1h", { "BTC/USD": hourly }))

describe("barMarket", () => {
  it.effect("gives closed bars at the data's timeframe and coarser ones resampled from them", () =>
    Effect.gen(function* () {
      const h1 = yield* market.candles.closedCandles("BTC/USD", "1h", T0 + 2 * HOUR, T0 + 5 * HOUR + 1)
      expect([...h1.openTime]).toEqual([2, 3, 4].map((h) => T0 + h * HOUR))
      const h4 = yield* market.candles.closedCandles("BTC/USD", "4h", T0, T0 + 12 * HOUR)
      expect([...h4.openTime]).toEqual([0, 4, 8].map((h) => T0 + h * HOUR))
      expect([...h4.close]).toEqual([103.5, 107.5, 111.5])
      expect([...h4.high]).toEqual([104, 108, 112])
      expect(market.endMs).toBe(T0 + 12 * HOUR)
    })
  )

  it.effect("has no candles finer than its data", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(market.candles.closedCandles("BTC/USD", "15m", T0, T0 + HOUR))
      expect(error.message).toContain("the data holds 1h bars, nothing finer")
    })
  )

  it.effect("cut at an instant, a coarse bar still forming then does not exist, even asked for later", () =>
    Effect.gen(function* () {
      const cut = market.cutAt(T0 + 6 * HOUR)
      const h4 = yield* cut.candles.closedCandles("BTC/USD", "4h", T0, T0 + 12 * HOUR)
      expect([...h4.openTime]).toEqual([T0])
      const h1 = yield* cut.candles.closedCandles("BTC/USD", "1h", T0, T0 + 12 * HOUR)
      expect(h1.openTime.at(h1.length - 1)).toBe(T0 + 5 * HOUR)
    })
  )
})

describe("syntheticMarket", () => {
  it.effect("cut at an instant, gives the same bars up to it and none after", () =>
    Effect.gen(function* () {
      const synthetic = syntheticMarket({ seed: 3, startMs: T0, symbols: ["ETH/USD"] })
      const cutMs = T0 + 30 * HOUR
      const full = yield* synthetic.candles.closedCandles("ETH/USD", "4h", T0, T0 + 48 * HOUR)
      const cut = yield* synthetic.cutAt(cutMs).candles.closedCandles("ETH/USD", "4h", T0, T0 + 48 * HOUR)
      expect(cut.length).toBe(7)
      expect([...cut.close]).toEqual([...full.close.subarray(0, 7)])
    })
  )
})
