import { Schema } from "effect"

/** Client correlation id, echoed back in the method response. */
export const ReqId = Schema.Int.pipe(Schema.nonNegative())

/** RFC 3339 time as Kraken writes it, e.g. `2026-09-01T12:00:00.123456Z`; kept as text on the wire. */
export const WireTime = Schema.String

/** Every market-specific subscribe and every trading method names the asset class; we trade derivatives only. */
export const AssetClass = Schema.Literal("derivatives")

export const Warnings = Schema.Array(Schema.String)

/** `{method, params, req_id}`: the request envelope of every client message. */
export const WsRequest = <M extends string, P, PI, R>(method: M, params: Schema.Schema<P, PI, R>) =>
  Schema.Struct({ method: Schema.Literal(method), params, req_id: Schema.optional(ReqId) })

const responseFields = <M extends string>(method: M) => ({
  method: Schema.Literal(method),
  req_id: Schema.optional(ReqId),
  time_in: Schema.optional(WireTime),
  time_out: Schema.optional(WireTime)
})

/** A method response: `result` only when `success` is true, a single `error` string only when false. */
export const WsResponse = <M extends string, A, I, R>(method: M, result: Schema.Schema<A, I, R>) =>
  Schema.Union(
    Schema.Struct({ ...responseFields(method), success: Schema.Literal(true), result }),
    Schema.Struct({ ...responseFields(method), success: Schema.Literal(false), error: Schema.String })
  )

/** Channel data: `type` is snapshot or update; `data` as the channel defines it (an array for most). */
export const ChannelMessage = <C extends string, A, I, R>(channel: C, data: Schema.Schema<A, I, R>) =>
  Schema.Struct({ channel: Schema.Literal(channel), type: Schema.Literal("snapshot", "update"), data })

/** Sent about once a second when no other data flows; it has no type and no data. */
export const Heartbeat = Schema.Struct({ channel: Schema.Literal("heartbeat") })

/** Application ping (not the WebSocket protocol ping frame). */
export const Ping = Schema.Struct({ method: Schema.Literal("ping"), req_id: Schema.optional(ReqId) })

export const Pong = Schema.Struct({
  method: Schema.Literal("pong"),
  req_id: Schema.optional(ReqId),
  time_in: Schema.optional(WireTime),
  time_out: Schema.optional(WireTime)
})

/** Connection ids can exceed 2^53, so they arrive as text from `parseFrame`; kept as text. */
const ConnectionId = Schema.Union(Schema.String, Schema.Number)

/** `status` channel, sent on connect with the system state. */
export const StatusMessage = ChannelMessage(
  "status",
  Schema.Array(
    Schema.Struct({
      system: Schema.Literal("online", "maintenance", "cancel_only", "post_only"),
      api_version: Schema.optional(Schema.String),
      connection_id: Schema.optional(ConnectionId),
      version: Schema.optional(Schema.String)
    })
  )
)

/**
 * The routing fields of any incoming frame. When a response's body does not decode, its `req_id` still settles
 * the pending request (with the decode error) instead of leaving it to time out.
 */
export const FrameHeader = Schema.Struct({
  channel: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  method: Schema.optional(Schema.String),
  req_id: Schema.optional(ReqId),
  success: Schema.optional(Schema.Boolean),
  error: Schema.optional(Schema.String)
})
export type FrameHeader = typeof FrameHeader.Type
