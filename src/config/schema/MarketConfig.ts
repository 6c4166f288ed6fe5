import { Schema } from "effect"
import { baseAsset, fraction, int, nonNegative, spotSymbol } from "./Fields.ts"

/** `data:` — candle sanity gates before analysis (spec/strategy.md §1.3, §8). */
export const DataConfig = Schema.Struct({
  min_decision_tf_candles: int(50, 5000),
  max_spread_pct: fraction,
  min_volume_24h_usd: nonNegative,
  min_fresh_symbols_pct: fraction,
  history_days_15m: int(1, 3650),
  history_days_1h: int(1, 3650),
  history_days_4h: int(1, 3650),
  history_days_1d: int(1, 3650),
  max_bars_in_memory: int(300, 100_000)
})

export interface DataConfig extends Schema.Schema.Type<typeof DataConfig> {}

/** `universe:` — discovery and liquidity tiers (spec/runtime-and-ops.md §3). */
export const UniverseConfig = Schema.Struct({
  pinned_tier_a_bases: Schema.Array(baseAsset),
  tier_b_min_volume_24h_usd: nonNegative,
  tier_b_max_spread_pct: fraction,
  tier_c_min_volume_24h_usd: nonNegative,
  tier_c_max_spread_pct: fraction,
  excluded_bases: Schema.Array(baseAsset),
  blocklist: Schema.Array(spotSymbol)
})

export interface UniverseConfig extends Schema.Schema.Type<typeof UniverseConfig> {}
