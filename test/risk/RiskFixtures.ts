import { Instrument } from "../../src/domain/Instrument.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import { openDay } from "../../src/risk/DailyPnl.ts"
import type { RiskParams, TierConfigs } from "../../src/risk/RiskParams.ts"
import type { RiskContext, TradeRequest } from "../../src/risk/ValidateTrade.ts"

export const NOW = 1_800_000_000_000

export const d = (n: number | string) => new Decimal(n)

/** The shipped values of config.yaml (boost factor 2.0 as in the spec's worked examples). */
export const params: RiskParams = {
  sizing_method: "leverage_based",
  risk_per_trade_pct: 0.03,
  target_leverage: 7,
  max_leverage: 10,
  max_single_position_margin_pct_equity: 0.25,
  max_aggregate_margin_pct_equity: 2.0,
  max_position_size_usd: 100_000,
  max_loss_per_trade_usd: 500,
  min_notional_usd: 10,
  available_margin_use_pct: 0.95,
  leverage_proximity_pct: 0.9,
  min_free_margin_pct: 0.15,
  min_liquidation_buffer_pct: 0.35,
  max_concurrent_positions: 25,
  daily_loss_limit_pct: 0.05,
  target_margin_util_min: 0.7,
  utilisation_boost_max_factor: 2.0,
  basis_max_pct: 0.0075,
  taker_fee_bps: 5,
  maker_fee_bps: 2,
  funding_rate_daily_bps: 10,
  tight_smc_cost_cap_bps: 25,
  tight_smc_min_rr_multiple: 2.0,
  tight_smc_avg_hold_hours: 6,
  wide_structure_max_distortion_pct: 0.15,
  wide_structure_avg_hold_hours: 36,
  wide_structure_funding_hard_cap_bps: 15,
  fee_edge_guard_enabled: true,
  fee_edge_multiple_k: 5,
  fee_edge_slippage_bps_est: 4,
  fee_edge_funding_floor_bps: 2,
  fee_edge_cost_buffer_multiplier: 1.2,
  fee_edge_use_conservative_taker: true,
  kelly_win_prob: 0.55,
  kelly_win_loss_ratio: 2.0,
  kelly_max_fraction: 0.3,
  max_risk_per_trade_entry_pct: 0.03,
  vol_sizing_atr_threshold_high: 1.5,
  vol_sizing_atr_threshold_low: 0.5,
  vol_sizing_high_vol_multiplier: 0.7,
  vol_sizing_low_vol_multiplier: 1.2,
  auction_mode_enabled: true,
  auction_max_positions: 25
}

export const tiers: TierConfigs = {
  A: { max_leverage: 10, max_position_usd: 100_000 },
  B: { max_leverage: 5, max_position_usd: 50_000 },
  C: { max_leverage: 3, max_position_usd: 25_000 }
}

/** A long tight-SMC trade at 100 with a 2 % stop and a target far enough for the fee-edge guard. */
export const request = (overrides: Partial<TradeRequest> = {}): TradeRequest => ({
  side: "long",
  regime: "tight_smc",
  entry: d(100),
  stop: d(98),
  takeProfit: d(106),
  ...overrides
})

export const context = (overrides: Partial<RiskContext> = {}): RiskContext => ({
  equity: d(10_000),
  spot: d(100),
  mark: d(100),
  openNotional: d(0),
  skipMarginCheck: false,
  tier: "A",
  portfolio: { openPositions: 0, daily: openDay(d(10_000), NOW), now: NOW },
  ...overrides
})

export const instrument = (sizeStep: string, minSize: string) =>
  Instrument.make({
    symbol: SpotSymbol.make("ETH/USD"),
    futuresSymbol: FuturesSymbol.make("PF_ETHUSD"),
    tickSize: d("0.01"),
    contractSize: d(1),
    sizeStep: d(sizeStep),
    minSize: d(minSize),
    maxLeverage: d(50),
    leverageMode: "flexible",
    allowedLeverages: []
  })
