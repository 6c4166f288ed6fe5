import { testConfigSync } from "../config/TestConfig.ts"

/**
 * Moderate seeded faults of every kind the embedded venue supports (docs/SIMULATOR.md): failing, throttled,
 * slow and unanswered requests, dropped and stalled sockets, refused orders, price gaps and partial fills.
 */
export const SOAK_FAULTS =
  "latency=0.1:300,http5xx=0.1,rateLimit=0.05,timeout=0.02,wsDrop=0.05,wsStall=0.01," +
  "orderReject=0.15,priceGap=0.002:3,partialFill=0.5"

export interface SoakSettings {
  /** The episode's seed: the venue's market, its faults and its order flow follow from it. */
  readonly seed: number
  /** Simulated seconds per real second. */
  readonly speed: number
  readonly symbols: ReadonlyArray<string>
  readonly faults: string
}

export const DEFAULT_SOAK_SETTINGS: Omit<SoakSettings, "seed"> = {
  speed: 3000,
  symbols: [
    "BTC/USD",
    "ETH/USD",
    "SOL/USD",
    "XRP/USD",
    "DOGE/USD",
    "BNB/USD",
    "ADA/USD",
    "AVAX/USD",
    "DOT/USD",
    "LINK/USD",
    "LTC/USD",
    "BCH/USD"
  ],
  faults: SOAK_FAULTS
}

/**
 * The shipped configuration for one soak episode: the embedded venue under faults on an accelerated clock, the
 * soft higher-timeframe gate and the 1h decision timeframe so signals come within real minutes, everything stored in memory, no dashboard.
 */
export const soakConfig = (settings: SoakSettings) =>
  testConfigSync({
    config: {
      exchange: {
        sim: { seed: settings.seed, speed: settings.speed, symbols: [...settings.symbols], faults: settings.faults }
      },
      strategy: { higher_tf_mode: "soft", decision_timeframe: "1h" },
      storage: { sqlite_path: ":memory:", positions_db_path: ":memory:" },
      dashboard: { enabled: false },
      logging: { level: "error" }
    }
  })
