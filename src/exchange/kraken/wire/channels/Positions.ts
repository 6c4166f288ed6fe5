import { Schema } from "effect"
import { AssetClass, WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** One subscription per connection; `with_margin` cannot be combined with `snapshot`. */
export const PositionsSubscribe = Schema.Struct({
  channel: Schema.Literal("positions"),
  asset_class: AssetClass,
  token: Schema.String,
  snapshot: Schema.optional(Schema.Boolean),
  with_margin: Schema.optional(Schema.Boolean)
})

/**
 * A futures position; `size` is signed (negative = short, unconfirmed) and a close arrives as `size: 0`.
 * The `with_margin` figures are unconfirmed names modelled on WS v1 `open_positions`.
 */
export const Position = Schema.Struct({
  symbol: Schema.String,
  size: WireDecimal,
  entry_price: WireDecimal,
  mark_price: Schema.optional(WireDecimal),
  index_price: Schema.optional(WireDecimal),
  pnl: Schema.optional(WireDecimal),
  unrealized_funding: Schema.optional(WireDecimal),
  liquidation_threshold: Schema.optional(WireDecimal),
  effective_leverage: Schema.optional(WireDecimal),
  initial_margin: Schema.optional(WireDecimal),
  maintenance_margin: Schema.optional(WireDecimal)
})
export type Position = typeof Position.Type

/**
 * Snapshot = every open position; update = only the affected ones. Options positions are not traded here. A
 * snapshot too big to send comes with empty lists and `snapshot_too_large` (the reference names the flag, not its
 * place: accepted on the message or in `data`); its empty lists mean "not sent", never "no positions".
 */
export const PositionsMessage = Schema.Struct({
  channel: Schema.Literal("positions"),
  type: Schema.Literal("snapshot", "update"),
  data: Schema.Struct({
    futures: Schema.Array(Position),
    options: Schema.Array(Schema.Unknown),
    snapshot_too_large: Schema.optional(Schema.Boolean)
  }),
  snapshot_too_large: Schema.optional(Schema.Boolean),
  time: Schema.optional(WireTime)
})
export type PositionsMessage = typeof PositionsMessage.Type

/** True when the venue withheld the positions snapshot for its size: resubscribe, trust nothing from it. */
export const isSnapshotTooLarge = (message: PositionsMessage): boolean =>
  message.snapshot_too_large === true || message.data.snapshot_too_large === true
