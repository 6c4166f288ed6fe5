import { join } from "node:path"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { mergeTrees, type Tree } from "../../../src/config/Tree.ts"
import { SIM_API_KEY, SIM_API_SECRET } from "./ExternalSimServer.ts"

/**
 * `mode: live` on `exchange.venue: kraken` with every Kraken endpoint on the loopback simulator at `url`, the data
 * directory in `dir`, fast ticks and short histories; `patch` is merged over it (YAML-shaped).
 */
export const liveKrakenConfig = (url: string, dir: string, patch: Tree = {}) =>
  testConfigSync({
    config: mergeTrees(
      {
        mode: "live",
        exchange: {
          venue: "kraken",
          kraken: {
            spot_rest_url: url,
            futures_rest_url: url,
            ws_public_url: `${url.replace("http", "ws")}/v2/public`,
            ws_private_url: `${url.replace("http", "ws")}/v2/private`,
            api_key: SIM_API_KEY,
            api_secret: SIM_API_SECRET
          }
        },
        // The simulator lists a contract per symbol, Kraken hundreds: its short list is the whole list here
        runtime: { tick_interval_seconds: 0.5, instrument_spec_min_count: 1 },
        storage: { sqlite_path: ":memory:", positions_db_path: join(dir, "positions.db") },
        dashboard: { enabled: false },
        data: { history_days_15m: 1, history_days_1h: 2, history_days_4h: 5, history_days_1d: 20 }
      },
      patch
    )
  })
