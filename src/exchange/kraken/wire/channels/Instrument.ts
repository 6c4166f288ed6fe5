import { Schema } from "effect"
import { AssetClass, ChannelMessage } from "../Envelope.ts"
import { NonNegativeWireDecimal, PositiveWireDecimal, WireDecimal } from "../WireDecimal.ts"

export const InstrumentSubscribe = Schema.Struct({
  channel: Schema.Literal("instrument"),
  asset_class: AssetClass,
  snapshot: Schema.optional(Schema.Boolean)
})

/**
 * One tradeable contract. `price_increment` is the true tick (it may not be a power of ten); `qty_min` is already
 * rounded up to the qty grid. The other fields come from the Spot v2 layout and are unconfirmed for contracts.
 */
export const InstrumentPair = Schema.Struct({
  symbol: Schema.String,
  status: Schema.optional(Schema.String),
  price_increment: PositiveWireDecimal,
  price_precision: Schema.optional(Schema.Int),
  qty_increment: PositiveWireDecimal,
  qty_precision: Schema.optional(Schema.Int),
  qty_min: NonNegativeWireDecimal,
  base: Schema.optional(Schema.String),
  quote: Schema.optional(Schema.String),
  marginable: Schema.optional(Schema.Boolean),
  margin_initial: Schema.optional(WireDecimal),
  position_limit_long: Schema.optional(WireDecimal),
  position_limit_short: Schema.optional(WireDecimal),
  has_index: Schema.optional(Schema.Boolean),
  cost_precision: Schema.optional(Schema.Int),
  cost_min: Schema.optional(WireDecimal)
})
export type InstrumentPair = typeof InstrumentPair.Type

export const InstrumentAsset = Schema.Struct({
  id: Schema.String,
  status: Schema.optional(Schema.String),
  precision: Schema.optional(Schema.Int),
  precision_display: Schema.optional(Schema.Int),
  borrowable: Schema.optional(Schema.Boolean),
  collateral_value: Schema.optional(WireDecimal),
  margin_rate: Schema.optional(WireDecimal)
})

export const InstrumentMessage = ChannelMessage(
  "instrument",
  Schema.Struct({ assets: Schema.Array(InstrumentAsset), pairs: Schema.Array(InstrumentPair) })
)
export type InstrumentMessage = typeof InstrumentMessage.Type
