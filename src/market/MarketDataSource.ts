import { FetchHttpClient } from "@effect/platform"
import { Context, Effect, Layer } from "effect"
import type { CandleSeries } from "../domain/CandleSeries.ts"
import type { Timeframe } from "../domain/Timeframe.ts"
import type { CandlesUnavailable } from "./CandlesUnavailable.ts"
import { type KrakenMarketDataOptions, makeKrakenMarketData } from "./KrakenMarketData.ts"
import { createSyntheticMarket, type SyntheticMarketOptions } from "./SyntheticMarket.ts"

/**
 * Where closed candles come from: the synthetic market, Kraken's spot OHLC, or the simulated venue speaking it.
 * `closedCandles` returns the bars lying wholly inside [fromMs, toMs), oldest first, so `toMs = now` never yields
 * a forming bar. It fails for one series at a time (`CandlesUnavailable`): the caller skips that series.
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
    ) => Effect.Effect<CandleSeries, CandlesUnavailable>
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

  /** Kraken's public Spot OHLC (or a simulator speaking it), rate-limited and cached, futures candles as fallback. */
  static readonly kraken = (options: KrakenMarketDataOptions): Layer.Layer<MarketDataSource> =>
    Layer.effect(MarketDataSource, makeKrakenMarketData(options)).pipe(Layer.provide(FetchHttpClient.layer))
}
