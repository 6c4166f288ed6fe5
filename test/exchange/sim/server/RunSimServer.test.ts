import { existsSync } from "node:fs"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { startSimVenueServer } from "../../../../src/exchange/sim/server/RunSimServer.ts"
import { T0 } from "./Harness.ts"

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

  it.scoped.skipIf(!existsSync(DATA))("reads a candle directory (skipped when ../shared/data is absent)", () =>
    Effect.gen(function* () {
      const running = yield* startSimVenueServer({ port: 0, seed: 3, data: DATA, speed: 1 })
      expect(running.venue.listings.map((l) => l.futures).sort()).toEqual(["PF_ETHUSD", "PF_XBTUSD"])
      expect(running.venue.state.prices.PF_XBTUSD?.last.gt(0)).toBe(true)
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )
})
