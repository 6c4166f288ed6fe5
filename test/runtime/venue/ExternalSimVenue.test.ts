import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { timeframeMs } from "../../../src/domain/Timeframe.ts"
import { MarketClock } from "../../../src/market/MarketClock.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { simServerClock } from "../../../src/runtime/venue/SimServerClock.ts"
import { AccountStateRepository } from "../../../src/storage/AccountStateRepository.ts"
import { CandleRepository } from "../../../src/storage/CandleRepository.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { externalSimServer, SIM_API_KEY, SIM_API_SECRET, SIM_SPEED } from "./ExternalSimServer.ts"

const SYMBOLS = ["BTC/USD", "ETH/USD"]
const all = { from: 0, to: Number.MAX_SAFE_INTEGER }

const configFor = (url: string, dir: string, credentials: boolean) =>
  testConfigSync({
    config: {
      exchange: {
        sim: { url, symbols: SYMBOLS },
        kraken: credentials ? { api_key: SIM_API_KEY, api_secret: SIM_API_SECRET } : {}
      },
      storage: { sqlite_path: ":memory:", positions_db_path: join(dir, "positions.db") },
      dashboard: { enabled: false },
      data: { history_days_15m: 2, history_days_1h: 3, history_days_4h: 10, history_days_1d: 20 }
    }
  })

interface TimeReply {
  readonly result: { readonly unixtime: number; readonly rfc1123: string }
}

const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "external-sim-")))

describe("trading live on an external trading sim-server (exchange.sim.url)", () => {
  it.scopedLive("follows the server's market clock: its time, advancing at the speed the server reports", () =>
    Effect.gen(function* () {
      const server = yield* externalSimServer({ symbols: SYMBOLS })
      // Kraken Spot's Time shape on the market clock, plus the simulator's own `speed`
      const time = yield* Effect.promise(
        () => fetch(`${server.server.url}/0/public/Time`).then((r) => r.json()) as Promise<TimeReply>
      )
      expect(time).toEqual({
        error: [],
        result: { unixtime: expect.any(Number), rfc1123: expect.any(String), speed: SIM_SPEED }
      })
      expect(Math.abs(time.result.unixtime * 1000 - server.venue.time)).toBeLessThan(20_000)
      expect(Date.parse(time.result.rfc1123)).toBe(time.result.unixtime * 1000)
      const clock = yield* Effect.provide(
        MarketClock,
        simServerClock({ baseUrl: server.server.url, fallbackSpeed: 1 }).pipe(Layer.provide(FetchHttpClient.layer))
      )
      // The server's speed (60), not the fallback, sets the tick's real delay
      expect(clock.realDelayMs(60_000)).toBe(60_000 / SIM_SPEED)
      const first = yield* clock.now
      // Read to the second, within one driver step of the venue (250 ms real = 15 market seconds)
      expect(Math.abs(first - server.venue.time)).toBeLessThan(20_000)
      const realBefore = Date.now()
      yield* Effect.sleep("600 millis")
      const later = yield* clock.now
      const realElapsed = Date.now() - realBefore
      // Extrapolated at the server's speed: 600 ms real ≈ 36 market seconds
      expect(realElapsed).toBeGreaterThanOrEqual(590)
      expect(later - first).toBeGreaterThanOrEqual((realElapsed - 2) * SIM_SPEED)
      expect(later - first).toBeLessThan((realElapsed + 50) * SIM_SPEED)
    })
  )

  it.scopedLive(
    "syncs the server's account through the Kraken adapter and ticks on its clock, then stops cleanly",
    () =>
      Effect.gen(function* () {
        const server = yield* externalSimServer({ symbols: SYMBOLS, balances: { USD: "25000" } })
        const opened = server.venue.time
        const config = configFor(server.server.url, yield* tempDir, true)
        const layer = liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))
        yield* Effect.gen(function* () {
          yield* liveProgram({ maxTicks: Option.some(3) })
          const events = yield* SystemEventRepository
          const ticks = yield* events.byType("tick_completed", all)
          expect(ticks.map((e) => e.details.tick)).toEqual([1, 2, 3])
          // The account came from the server (25000), not from the embedded venue's default (10000)
          const [startup] = yield* events.byType("startup", all)
          expect(startup?.details).toMatchObject({ equity: "25000", positions: 0, open_orders: 0 })
          expect(ticks.map((e) => e.details.equity)).toEqual(["25000", "25000", "25000"])
          const snapshot = yield* (yield* AccountStateRepository).latest
          expect(Option.map(snapshot, (a) => a.equity.toString())).toEqual(Option.some("25000"))
          expect(yield* events.byType("shutdown", all)).toHaveLength(1)

          // Market time is the server's (it opened at the real now, not at exchange.sim.start); the three ticks
          // took seconds, not minutes, so the tick interval followed the server's speed
          const times = ticks.map((e) => Date.parse(String(e.details.market_time)))
          expect(times[0]).toBeGreaterThanOrEqual(opened - 20_000)
          // Within about one driver step (15 market seconds, more when a busy event loop delays the driver) of
          // the venue's own time, far from exchange.sim.start (2025)
          expect(times[2]).toBeLessThanOrEqual(server.venue.time + 30_000)
          // Ticks 1 s real apart at the server's speed 60: at least ~60 market seconds (a slow first tick, loading
          // history, delays the next one; the exact cadence is TickLoop's test)
          for (const [a, b] of [
            [times[0], times[1]],
            [times[1], times[2]]
          ]) {
            expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(50_000)
          }
          // Candles came over the server's Spot OHLC, every one closed at the tick's market time
          const repository = yield* CandleRepository
          expect(yield* repository.count("BTC/USD", "15m")).toBeGreaterThanOrEqual(2 * 96 - 1)
          const [newest] = yield* repository.latest("ETH/USD", "1h", 1)
          expect((newest?.openTime ?? Number.POSITIVE_INFINITY) + timeframeMs["1h"]).toBeLessThanOrEqual(times[2] ?? 0)
        }).pipe(Effect.provide(layer))
      })
  )

  it.scopedLive("refuses to start without the key pair the server expects, naming the key", () =>
    Effect.gen(function* () {
      const config = configFor("http://127.0.0.1:9", yield* tempDir, false)
      const error = yield* Effect.flip(Layer.build(liveLayer(config)).pipe(Effect.provide(AppConfig.layerFrom(config))))
      expect(error._tag).toBe("MissingCredential")
      expect(error.message).toContain("exchange.kraken.api_key")
      expect(error.message).toContain("KRAKEN_API_KEY")
    })
  )
})
