import { Schema } from "effect"
import { BalancesMessage } from "./channels/Balances.ts"
import { ExecutionsMessage } from "./channels/Executions.ts"
import { InstrumentMessage } from "./channels/Instrument.ts"
import { MarginMessage } from "./channels/Margin.ts"
import { OhlcMessage } from "./channels/Ohlc.ts"
import { PositionsMessage } from "./channels/Positions.ts"
import { TickerMessage } from "./channels/Ticker.ts"
import { decodeFrame } from "./DecodeError.ts"
import { Heartbeat, Ping, Pong, StatusMessage } from "./Envelope.ts"
import { SubscribeRequest, SubscribeResponse, UnsubscribeRequest, UnsubscribeResponse } from "./Subscribe.ts"
import { AddOrderRequest, AddOrderResponse } from "./trading/AddOrder.ts"
import { AmendOrderRequest, AmendOrderResponse } from "./trading/AmendOrder.ts"
import { BatchAddRequest, BatchAddResponse } from "./trading/BatchAdd.ts"
import {
  CancelAllOrdersAfterRequest,
  CancelAllOrdersAfterResponse,
  CancelAllRequest,
  CancelAllResponse
} from "./trading/CancelAll.ts"
import { CancelOrderRequest, CancelOrderResponse } from "./trading/CancelOrder.ts"

/** Every frame a client sends, discriminated by `method` (what the simulator reads). */
export const ClientMessage = Schema.Union(
  Ping,
  SubscribeRequest,
  UnsubscribeRequest,
  AddOrderRequest,
  AmendOrderRequest,
  CancelOrderRequest,
  CancelAllRequest,
  CancelAllOrdersAfterRequest,
  BatchAddRequest
)
export type ClientMessage = typeof ClientMessage.Type

/** Channel data the adapter subscribes to, discriminated by `channel`. */
export const ChannelData = Schema.Union(
  Heartbeat,
  StatusMessage,
  InstrumentMessage,
  TickerMessage,
  OhlcMessage,
  ExecutionsMessage,
  PositionsMessage,
  MarginMessage,
  BalancesMessage
)
export type ChannelData = typeof ChannelData.Type

/** Method responses, discriminated by `method` then `success`. */
export const MethodResponse = Schema.Union(
  Pong,
  SubscribeResponse,
  UnsubscribeResponse,
  AddOrderResponse,
  AmendOrderResponse,
  CancelOrderResponse,
  CancelAllResponse,
  CancelAllOrdersAfterResponse,
  BatchAddResponse
)
export type MethodResponse = typeof MethodResponse.Type

/** Every frame the server sends (what the adapter reads): channel data or a method response. */
export const ServerMessage = Schema.Union(ChannelData, MethodResponse)
export type ServerMessage = typeof ServerMessage.Type

/** A client frame, decimal-exact; a refusal names the field (the simulator answers `EGeneral:Invalid arguments`). */
export const decodeClientFrame = decodeFrame(ClientMessage, "client frame")

/** A server frame, decimal-exact; a refusal names the field. */
export const decodeServerFrame = decodeFrame(ServerMessage, "server frame")
