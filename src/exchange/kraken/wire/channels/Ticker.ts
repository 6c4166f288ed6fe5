import { Schema } from "effect"
import { AssetClass, ChannelMessage, WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

export const TickerSubscribe = Schema.Struct({
  channel: Schema.Literal("ticker"),
  asset_class: AssetClass,
  symbol: Schema.Array(Schema.String),
  snapshot: Schema.optional(Schema.Boolean),
  event_trigger: Schema.optional(Schema.Literal("bbo", "trades"))
})

/** Level 1. Mark, index and funding are not confirmed on UWS: optional, and the adapter must not depend on them. */
export const Ticker = Schema.Struct({
  symbol: Schema.String,
  bid: WireDecimal,
  bid_qty: WireDecimal,
  ask: WireDecimal,
  ask_qty: WireDecimal,
  last: WireDecimal,
  volume: Schema.optional(WireDecimal),
  vwap: Schema.optional(WireDecimal),
  low: Schema.optional(WireDecimal),
  high: Schema.optional(WireDecimal),
  change: Schema.optional(WireDecimal),
  change_pct: Schema.optional(WireDecimal),
  mark_price: Schema.optional(WireDecimal),
  index_price: Schema.optional(WireDecimal),
  funding_rate: Schema.optional(WireDecimal),
  timestamp: Schema.optional(WireTime)
})
export type Ticker = typeof Ticker.Type

export const TickerMessage = ChannelMessage("ticker", Schema.Array(Ticker))
export type TickerMessage = typeof TickerMessage.Type
