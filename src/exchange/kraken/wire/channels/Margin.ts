import { Schema } from "effect"
import { AssetClass, WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** No `snapshot` parameter (Kraken rejects it); the current state is sent on subscribe. One per connection. */
export const MarginSubscribe = Schema.Struct({
  channel: Schema.Literal("margin"),
  asset_class: AssetClass,
  token: Schema.String
})

const optionalDecimal = Schema.optional(WireDecimal)

export const CollateralCurrency = Schema.Struct({
  quantity: optionalDecimal,
  value: optionalDecimal,
  collateral_value: optionalDecimal,
  available: optionalDecimal,
  haircut: optionalDecimal
})

/**
 * Margin state of one wallet. Kraken confirms the figures (requirements, equity, available margin) but not their
 * names: these follow WS v1 `balances`, all optional so a renamed field degrades to "unknown", never to zero.
 */
export const MarginState = Schema.Struct({
  symbol: Schema.optional(Schema.String),
  currency: Schema.optional(Schema.String),
  initial_margin: optionalDecimal,
  maintenance_margin: optionalDecimal,
  portfolio_value: optionalDecimal,
  balance_value: optionalDecimal,
  collateral_value: optionalDecimal,
  margin_equity: optionalDecimal,
  available_margin: optionalDecimal,
  pnl: optionalDecimal,
  unrealized_funding: optionalDecimal,
  total_unrealized: optionalDecimal,
  currencies: Schema.optional(Schema.Record({ key: Schema.String, value: CollateralCurrency }))
})
export type MarginState = typeof MarginState.Type

/** Every message is a full replacement; `type` names the wallet section instead of snapshot/update. */
export const MarginMessage = Schema.Struct({
  channel: Schema.Literal("margin"),
  type: Schema.Literal("multi_collateral", "single_collateral"),
  data: Schema.Array(MarginState),
  timestamp: Schema.optional(WireTime)
})
export type MarginMessage = typeof MarginMessage.Type
