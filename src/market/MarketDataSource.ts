import { Context, Effect, Layer } from "effect"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import type { Timeframe } from "../domain/Timeframe.ts"
import { createSyntheticMarket, type SyntheticMarketOptions } from "./SyntheticMarket.ts"

/**
 * Where closed candles come from: the synthetic market today, Kraken's spot OHLC or the simulated venue later.
 * `closedCandles` returns the bars lying wholly inside [fromMs, toMs), oldest first, so `toMs = now` never yields
 * a forming bar.
 */
export class MarketDataSource extends Context.Tag("MarketDataSource")<
  MarketDataSource,
  {
    readonly name: string
    readonly symbols: ReadonlyArray<string>
    readonly closedCandles: (
      symbol: string,
      timeframe: Timeframe,
      fromMs: number,
      toMs: number
    ) => Effect.Effect<CandleSeries>
  }
>() {
  /** The deterministic synthetic market: same seed, same candles, whatever the order of requests. */
  static readonly synthetic = (options: SyntheticMarketOptions) =>
    Layer.sync(MarketDataSource, () => {
      const market = createSyntheticMarket(options)
      return {
        name: "synthetic",
        symbols: market.symbols,
        closedCandles: (symbol, timeframe, fromMs, toMs) =>
          Effect.sync(() => market.candles(symbol, timeframe, fromMs, toMs))
      }
    })
}
