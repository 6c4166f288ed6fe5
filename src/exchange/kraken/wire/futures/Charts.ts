import { Schema } from "effect"
import type { Timeframe } from "../../../../domain/Timeframe.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** Charts live beside v3, not under it: `<futures host>/api/charts/v1/{tick_type}/{symbol}/{resolution}`. */
export const CHARTS_PATH = "/api/charts/v1"

/** At most this many candles per answer (ccxt asks for no more); `more_candles` says there are more. */
export const CHARTS_MAX_CANDLES = 2000

/** Which price the candles follow: traded, mark, or the index (`spot`). */
export const ChartTickType = Schema.Literal("trade", "mark", "spot")
export type ChartTickType = typeof ChartTickType.Type

/** The charts resolution for each of our timeframes. */
export const CHART_RESOLUTIONS: Readonly<Record<Timeframe, string>> = {
  "15m": "15m",
  "1h": "1h",
  "4h": "4h",
  "1d": "1d"
}

/** One candle: `time` is the bar open in epoch **milliseconds** (the query's from/to are seconds). */
export const ChartCandle = Schema.Struct({
  time: Schema.Int,
  open: WireDecimal,
  high: WireDecimal,
  low: WireDecimal,
  close: WireDecimal,
  volume: WireDecimal
})
export type ChartCandle = typeof ChartCandle.Type

/** `{candles, more_candles}`; no `result` envelope on this API. */
export const ChartsResult = Schema.Struct({
  candles: Schema.Array(ChartCandle),
  more_candles: Schema.optionalWith(Schema.Boolean, { default: () => false })
})
export type ChartsResult = typeof ChartsResult.Type

/** Path of one series, e.g. `/api/charts/v1/trade/PF_XBTUSD/1h`. */
export const chartsPath = (tickType: ChartTickType, symbol: string, timeframe: Timeframe): string =>
  `${CHARTS_PATH}/${tickType}/${symbol}/${CHART_RESOLUTIONS[timeframe]}`
