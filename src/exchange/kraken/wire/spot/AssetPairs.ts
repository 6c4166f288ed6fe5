import { Schema } from "effect"
import { DecimalFromString } from "../../../../domain/Money.ts"
import { WireDecimal } from "../WireDecimal.ts"
import { SpotResponse } from "./SpotResponse.ts"

export const SPOT_ASSET_PAIRS_PATH = "/0/public/AssetPairs"

/** Fee tier `[volume, percent]`; JSON numbers on the wire. */
const FeeTier = Schema.Tuple(WireDecimal, WireDecimal)

/**
 * One spot pair. `altname` (e.g. `XBTUSD`) prefixed with `PF_` names the perpetual; `base`/`quote` carry Kraken's
 * legacy X/Z prefixes (`XXBT`, `ZUSD`) for old assets only. Decimal strings stay strings on the wire.
 */
export const AssetPair = Schema.Struct({
  altname: Schema.String,
  wsname: Schema.optional(Schema.String),
  aclass_base: Schema.optional(Schema.String),
  base: Schema.String,
  aclass_quote: Schema.optional(Schema.String),
  quote: Schema.String,
  pair_decimals: Schema.Int,
  cost_decimals: Schema.optional(Schema.Int),
  lot_decimals: Schema.Int,
  lot_multiplier: Schema.optional(Schema.Int),
  leverage_buy: Schema.optional(Schema.Array(Schema.Int)),
  leverage_sell: Schema.optional(Schema.Array(Schema.Int)),
  fees: Schema.optional(Schema.Array(FeeTier)),
  fees_maker: Schema.optional(Schema.Array(FeeTier)),
  fee_volume_currency: Schema.optional(Schema.String),
  margin_call: Schema.optional(Schema.Int),
  margin_stop: Schema.optional(Schema.Int),
  ordermin: Schema.optional(DecimalFromString),
  costmin: Schema.optional(DecimalFromString),
  tick_size: Schema.optional(DecimalFromString),
  status: Schema.optional(Schema.String),
  long_position_limit: Schema.optional(Schema.Int),
  short_position_limit: Schema.optional(Schema.Int)
})
export type AssetPair = typeof AssetPair.Type

/** `result` keyed by canonical pair name (`XXBTZUSD`; newer pairs use the altname, `SOLUSD`). */
export const AssetPairsResult = Schema.Record({ key: Schema.String, value: AssetPair })
export type AssetPairsResult = typeof AssetPairsResult.Type

export const AssetPairsResponse = SpotResponse(AssetPairsResult)
