import { copyFileSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parse, stringify } from "yaml"
import { SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH } from "../config/TestConfig.ts"
import { isTree, mergeTrees } from "../config/Tree.ts"
import { DEFAULT_SOAK_SETTINGS } from "../soak/SoakConfig.ts"

export interface TortureSettings {
  /** SIGKILLs of the live process, each followed by a restart on the same files. */
  readonly kills: number
  /** Seeds the venue's market and the kill moments. */
  readonly seed: number
  /** Market seconds per real second of the sim-server. */
  readonly speed: number
  /** A run trades a seeded time in [min, max] real seconds from its ready phase, then is killed. */
  readonly minRunSeconds: number
  readonly maxRunSeconds: number
  /** The last run trades this long once ready, then is stopped with SIGTERM (the graceful stop). */
  readonly finalRunSeconds: number
  /** Where the state files, the configuration and the children's logs go. */
  readonly workDir: string
}

export const DEFAULT_TORTURE_SETTINGS: Omit<TortureSettings, "kills" | "workDir"> = {
  seed: 3,
  speed: 20_000,
  minRunSeconds: 2,
  maxRunSeconds: 20,
  finalRunSeconds: 10
}

/** Days of 4h and daily candles the live process loads: the daily EMA (`ema_period: 50`) needs 50 bars. */
const LIVE_HISTORY_DAYS = 54
/** The sim-server's history covers the live process's longest load, so it trades from its first tick. */
export const TORTURE_HISTORY_DAYS = 80

/** The key pair the sim-server child accepts and the live children sign with (loopback only, per run). */
export const TORTURE_API_KEY = "torture-key"
export const tortureApiSecret = (seed: number) => Buffer.alloc(64, seed % 251).toString("base64")

/**
 * The live process's configuration: the shipped one with the soak's trading settings (12 symbols, 1h decisions,
 * soft higher-timeframe gate, a daily EMA of 50 bars), its state files in the work
 * directory, no dashboard, JSON logs. The venue's URL and the key pair come from the environment, as an operator
 * would pass them.
 */
export const writeLiveConfig = (dir: string): string => {
  const shipped: unknown = parse(readFileSync(SHIPPED_CONFIG_PATH, "utf8"))
  const config = mergeTrees(isTree(shipped) ? shipped : {}, {
    exchange: { venue: "sim", sim: { symbols: [...DEFAULT_SOAK_SETTINGS.symbols] } },
    strategy: { higher_tf_mode: "soft", decision_timeframe: "1h", ema_period: 50 },
    storage: { sqlite_path: join(dir, "trading.db"), positions_db_path: join(dir, "positions.db") },
    dashboard: { enabled: false },
    logging: { level: "info", format: "json" },
    data: {
      history_days_15m: 2,
      history_days_1h: 10,
      history_days_4h: LIVE_HISTORY_DAYS,
      history_days_1d: LIVE_HISTORY_DAYS
    }
  })
  const path = join(dir, "config.yaml")
  writeFileSync(path, stringify(config))
  copyFileSync(SHIPPED_SAFETY_PATH, join(dir, "safety.yaml"))
  return path
}

/**
 * The live children's whole environment: the venue and the key pair, and nothing inherited that could point
 * them elsewhere (a `DATABASE_URL`, real credentials).
 */
export const liveEnvironment = (simUrl: string, seed: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  EXCHANGE__SIM__URL: simUrl,
  KRAKEN_API_KEY: TORTURE_API_KEY,
  KRAKEN_API_SECRET: tortureApiSecret(seed)
})
