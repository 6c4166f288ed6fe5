import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeFileSystem } from "@effect/platform-node"
import { Clock, Effect, Ref, Schedule } from "effect"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { startSimVenueServer } from "../../../src/exchange/sim/server/RunSimServer.ts"
import { DEFAULT_SOAK_SETTINGS } from "../../../src/soak/SoakConfig.ts"

export const API_KEY = "shutdown-test-key"
export const API_SECRET = Buffer.alloc(64, 7).toString("base64")
/** Days of history the server serves at its first price. */
const HISTORY_DAYS = 60
/** The market is walked ahead first (the seeds' first entries come within the first ticks there). */
const WARM_UP_MS = 25 * 86_400_000

/**
 * A `trading sim-server` as the CLI builds it, on a free loopback port in the test's scope, its market walked
 * 25 days ahead at once (so the strategy has the daily history it needs) and then driven at `speed` by a driver
 * the test can pause (`frozen`), so a final comparison is not raced by a stop filling.
 */
export const warmSimServer = (options: { readonly seed: number; readonly speed: number }) =>
  Effect.gen(function* () {
    const running = yield* startSimVenueServer({
      port: 0,
      host: "127.0.0.1",
      seed: options.seed,
      data: "synthetic",
      speed: options.speed,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      symbols: DEFAULT_SOAK_SETTINGS.symbols,
      // The server keeps a window of its history days (+ a week) behind its newest bar: after the walk ahead it
      // must still serve the 54 days the strategy's daily series asks for
      historyDays: HISTORY_DAYS
    }).pipe(Effect.provide(NodeFileSystem.layer))
    running.venue.advanceTo(running.venue.time + WARM_UP_MS)
    const base = running.venue.time
    const wallStart = yield* Clock.currentTimeMillis
    const frozen = yield* Ref.make(false)
    const drive = Effect.gen(function* () {
      if (yield* Ref.get(frozen)) return
      const now = yield* Clock.currentTimeMillis
      running.venue.advanceTo(base + Math.floor((now - wallStart) * options.speed))
    })
    yield* Effect.forkScoped(Effect.repeat(drive, Schedule.spaced("100 millis")))
    return { ...running, freeze: Ref.set(frozen, true) }
  })

/** A temp directory for one test's state files (registry, database, nonce file), removed with the scope. */
export const stateDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "live-state-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

/**
 * `trading live` on the server at `url` with its state in `dir`: the soak's trading settings (12 symbols, 1h
 * decisions, soft higher-timeframe gate, so entries come within seconds) and the shortest daily EMA.
 */
export const liveConfigOn = (url: string, dir: string, runtime: Record<string, number> = {}) =>
  testConfigSync({
    config: {
      exchange: {
        sim: { url, symbols: [...DEFAULT_SOAK_SETTINGS.symbols] },
        kraken: { api_key: API_KEY, api_secret: API_SECRET }
      },
      strategy: { higher_tf_mode: "soft", decision_timeframe: "1h", ema_period: 50 },
      storage: { sqlite_path: join(dir, "trading.db"), positions_db_path: join(dir, "positions.db") },
      dashboard: { enabled: false },
      logging: { level: "error" },
      runtime,
      data: { history_days_15m: 5, history_days_1h: 20, history_days_4h: 54, history_days_1d: 54 }
    }
  })
