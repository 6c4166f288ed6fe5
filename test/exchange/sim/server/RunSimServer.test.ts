import { existsSync } from "node:fs"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { LONG_RUN_HISTORY_LIMIT } from "../../../../src/exchange/sim/LongRunning.ts"
import { LISTING_LOOKAHEAD_MS } from "../../../../src/exchange/sim/SimVenue.ts"
import { startSimVenueServer } from "../../../../src/exchange/sim/server/RunSimServer.ts"
import { BAR, T0 } from "./Harness.ts"

const DATA = new URL("../../../../../shared/data/kraken", import.meta.url).pathname

describe("startSimVenueServer", () => {
  it.scoped("drives market time at speed × the clock and serves HTTP on its port", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const running = yield* startSimVenueServer({
        port: 0,
        seed: 3,
        data: "synthetic",
        speed: 60,
        symbols: ["BTC/USD"]
      })
      const opened = running.venue.time
      expect(opened).toBe(T0)
      yield* TestClock.adjust("10 seconds")
      yield* running.drive
      expect(running.venue.time - opened).toBe(600_000)
      const pairs = yield* Effect.promise(() =>
        fetch(`${running.server.url}/0/public/AssetPairs`).then((r) => r.json())
      )
      expect(Object.keys((pairs as { result: object }).result)).toEqual(["XXBTZUSD"])
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped("a server running for months keeps bounded windows of bars and of history, as the embedded venue", () =>
    Effect.gen(function* () {
      const DAY = 86_400_000
      yield* TestClock.setTime(T0)
      // A market day per real second, 2 days of history: the bars served stay within history + look-ahead + 1/8
      const running = yield* startSimVenueServer({
        port: 0,
        seed: 5,
        data: "synthetic",
        speed: DAY / 1000,
        symbols: ["BTC/USD"],
        historyDays: 2
      })
      const { venue } = running
      expect(venue.config.historyLimit).toBe(LONG_RUN_HISTORY_LIMIT)
      const retained = (2 * DAY + LISTING_LOOKAHEAD_MS) * (1 + 1 / 8)
      const served = () => venue.closedBars("PF_XBTUSD", 0, venue.time + 1)
      expect(served()[0]?.openTime).toBe(T0 - 2 * DAY)
      for (let day = 1; day <= 120; day++) {
        yield* TestClock.adjust("1 second")
        yield* running.drive
        const bars = served()
        expect(bars.length).toBeLessThanOrEqual(Math.ceil(retained / BAR))
        // Never less than the history the server opened with, up to the newest closed bar
        expect(bars[0]!.openTime).toBeLessThanOrEqual(venue.time - 2 * DAY)
        expect(bars.at(-1)!.openTime).toBe(Math.floor((venue.time + 1) / BAR) * BAR - BAR)
      }
      expect(venue.time).toBe(T0 + 120 * DAY)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it.scoped.skipIf(!existsSync(DATA))("reads a candle directory (skipped when ../shared/data is absent)", () =>
    Effect.gen(function* () {
      const running = yield* startSimVenueServer({ port: 0, seed: 3, data: DATA, speed: 1 })
      expect(running.venue.listings.map((l) => l.futures).sort()).toEqual(["PF_ETHUSD", "PF_XBTUSD"])
      expect(running.venue.state.prices.PF_XBTUSD?.last.gt(0)).toBe(true)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )
})
