import { Schema } from "effect"
import { ChannelMessage, WireTime } from "../Envelope.ts"
import { WireDecimal } from "../WireDecimal.ts"

/** No `asset_class` in the documented request. Derivatives margin is on the `margin` channel, not here. */
export const BalancesSubscribe = Schema.Struct({
  channel: Schema.Literal("balances"),
  token: Schema.String,
  snapshot: Schema.optional(Schema.Boolean)
})

export const Wallet = Schema.Struct({ type: Schema.String, id: Schema.String, balance: WireDecimal })

/**
 * A snapshot entry (asset, balance, wallets) or an update (a ledger transaction that moved the balance to
 * `balance`). One record with the union of both field sets, as Spot v2 sends them.
 */
export const BalanceRecord = Schema.Struct({
  asset: Schema.String,
  asset_class: Schema.optional(Schema.String),
  balance: WireDecimal,
  wallets: Schema.optional(Schema.Array(Wallet)),
  ledger_id: Schema.optional(Schema.String),
  ref_id: Schema.optional(Schema.String),
  timestamp: Schema.optional(WireTime),
  type: Schema.optional(Schema.String),
  subtype: Schema.optional(Schema.String),
  category: Schema.optional(Schema.String),
  amount: Schema.optional(WireDecimal),
  fee: Schema.optional(WireDecimal),
  wallet_type: Schema.optional(Schema.String),
  wallet_id: Schema.optional(Schema.String)
})
export type BalanceRecord = typeof BalanceRecord.Type

export const BalancesMessage = ChannelMessage("balances", Schema.Array(BalanceRecord))
export type BalancesMessage = typeof BalancesMessage.Type
