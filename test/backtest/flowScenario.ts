import { Option } from "effect"
import type { BacktestRequest } from "../../src/backtest/BacktestPlan.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"

/**
 * Seed 1's synthetic market started at 2025-01-04 12:00, FLOW/USD only, the higher-timeframe gate relaxed:
 * FLOW/USD is bought at 16:00 (market entry, stop, two take-profits); the first take-profit fills, the stop
 * follows the position down in size and then up in price (break-even, trailing) seven times, and the trailing
 * stop closes the rest at 01:25 the next night. 56 bars of 15 minutes cover it.
 */
export const FLOW_START = Date.UTC(2025, 0, 4, 12)
export const BAR_15M = 15 * 60_000
export const FLOW_BARS = 56

export const flowConfig = (patch: { readonly speed?: number; readonly tickSeconds?: number } = {}) =>
  testConfigSync({
    config: {
      strategy: { higher_tf_mode: "soft" },
      exchange: {
        sim: {
          symbols: ["FLOW/USD"],
          seed: 1,
          start: new Date(FLOW_START).toISOString(),
          ...(patch.speed === undefined ? {} : { speed: patch.speed })
        }
      },
      ...(patch.tickSeconds === undefined ? {} : { runtime: { tick_interval_seconds: patch.tickSeconds } }),
      storage: { sqlite_path: ":memory:", positions_db_path: ":memory:" },
      dashboard: { enabled: false }
    }
  })

export const FLOW_REQUEST: BacktestRequest = {
  data: "synthetic",
  symbols: Option.none(),
  from: Option.some(FLOW_START),
  to: Option.some(FLOW_START + FLOW_BARS * BAR_15M),
  equity: Option.none(),
  seed: Option.none()
}
