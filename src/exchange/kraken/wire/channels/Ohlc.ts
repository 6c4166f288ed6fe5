import { Schema } from "effect"
import { AssetClass, ChannelMessage, WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** Candle interval in minutes. */
export const OhlcInterval = Schema.Literal(1, 5, 15, 30, 60, 240, 1440, 10080, 21600)
export type OhlcInterval = typeof OhlcInterval.Type

/** Which price the candles are built from ("specifically for Futures"); `trade` by default. */
export const OhlcTickType = Schema.Literal("trade", "mark", "spot")

export const OhlcSubscribe = Schema.Struct({
  channel: Schema.Literal("ohlc"),
  asset_class: AssetClass,
  symbol: Schema.Array(Schema.String),
  interval: OhlcInterval,
  tick_type: Schema.optional(OhlcTickType),
  snapshot: Schema.optional(Schema.Boolean)
})

/** One candle; the snapshot holds only recent candles (no history on UWS). */
export const OhlcCandle = Schema.Struct({
  symbol: Schema.String,
  open: WireDecimal,
  high: WireDecimal,
  low: WireDecimal,
  close: WireDecimal,
  vwap: Schema.optional(WireDecimal),
  trades: Schema.optional(Schema.Int),
  volume: WireDecimal,
  interval_begin: WireTime,
  interval: OhlcInterval,
  timestamp: Schema.optional(WireTime)
})
export type OhlcCandle = typeof OhlcCandle.Type

export const OhlcMessage = ChannelMessage("ohlc", Schema.Array(OhlcCandle))
export type OhlcMessage = typeof OhlcMessage.Type
