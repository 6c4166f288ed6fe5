import { Schema } from "effect"
import { BalancesSubscribe } from "./channels/Balances.ts"
import { ExecutionsSubscribe } from "./channels/Executions.ts"
import { InstrumentSubscribe } from "./channels/Instrument.ts"
import { MarginSubscribe } from "./channels/Margin.ts"
import { OhlcSubscribe } from "./channels/Ohlc.ts"
import { PositionsSubscribe } from "./channels/Positions.ts"
import { TickerSubscribe } from "./channels/Ticker.ts"
import { Warnings, WsRequest, WsResponse } from "./Envelope.ts"

/** Subscribe parameters of every channel the adapter uses, discriminated by `channel`. */
export const SubscribeParams = Schema.Union(
  InstrumentSubscribe,
  TickerSubscribe,
  OhlcSubscribe,
  ExecutionsSubscribe,
  PositionsSubscribe,
  MarginSubscribe,
  BalancesSubscribe
)
export type SubscribeParams = typeof SubscribeParams.Type

/** The channel names the adapter subscribes to. */
export type ChannelName = SubscribeParams["channel"]

/** One ack per symbol for multi-symbol subscribes. */
export const SubscribeResult = Schema.Struct({
  channel: Schema.String,
  symbol: Schema.optional(Schema.String),
  snapshot: Schema.optional(Schema.Boolean),
  interval: Schema.optional(Schema.Int),
  warnings: Schema.optional(Warnings)
})

export const SubscribeRequest = WsRequest("subscribe", SubscribeParams)
export const SubscribeResponse = WsResponse("subscribe", SubscribeResult)
export type SubscribeResponse = typeof SubscribeResponse.Type

/** `unsubscribe` mirrors `subscribe` (Kraken ignores snapshot options there). */
export const UnsubscribeRequest = WsRequest("unsubscribe", SubscribeParams)
export const UnsubscribeResponse = WsResponse("unsubscribe", SubscribeResult)
export type UnsubscribeResponse = typeof UnsubscribeResponse.Type
