import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Logger, Option, Schedule, Scope } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { Decimal } from "../../../src/domain/Money.ts"
import { Exchange } from "../../../src/exchange/Exchange.ts"
import { KrakenExchangeLive, SpotRestLive } from "../../../src/exchange/kraken/KrakenVenue.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { deadMansSwitchLayer } from "../../../src/runtime/venue/DeadMansSwitchWiring.ts"
import { xbtOrder } from "../../exchange/sim/contract/Scenarios.ts"
import { externalSimServer } from "./ExternalSimServer.ts"
import { liveKrakenConfig } from "./LiveKrakenConfig.ts"

const SYMBOLS = ["BTC/USD", "ETH/USD"]
const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "dms-")))
const capturing = (lines: Array<string>) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) =>
      lines.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
    )
  )
const bounded = (times: number) => Schedule.spaced("100 millis").pipe(Schedule.intersect(Schedule.recurs(times)))

describe("exchange.kraken.dead_mans_switch_seconds on mode: live (loopback only)", () => {
  it.scopedLive(
    "S02 when set, warns at start, keeps the switch pushed back while running, disarms on a clean stop",
    () =>
      Effect.gen(function* () {
        const server = yield* externalSimServer({ symbols: SYMBOLS, speed: 1 })
        const config = liveKrakenConfig(server.server.url, yield* tempDir, {
          exchange: { kraken: { dead_mans_switch_seconds: 10 } }
        })
        const logs: Array<string> = []
        yield* Effect.gen(function* () {
          yield* liveProgram({ maxTicks: Option.some(1) })
          const first = server.venue.state.cancelAllAt
          expect(first).not.toBeNull()
          // Refreshed every 2.5 s: the deadline moves on and never passes while the process lives
          const later = yield* Effect.sync(() => server.venue.state.cancelAllAt).pipe(
            Effect.filterOrFail((at) => at !== null && first !== null && at > first),
            Effect.retry(bounded(50))
          )
          expect(later).toBeGreaterThan(server.venue.state.time)
        }).pipe(
          Effect.provide(liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))),
          Effect.provide(capturing(logs))
        )
        const warning = logs.find((l) => l.includes("dead man's switch on"))
        expect(warning?.startsWith("WARN ")).toBe(true)
        expect(warning).toContain("stop-losses included")
        expect(server.venue.state.cancelAllAt).toBeNull()
      })
  )

  it.scopedLive(
    "S03 the trade-off: after a crash the switch fires and the position's stop-loss is cancelled",
    () =>
      Effect.gen(function* () {
        // Market time at 2x: the 10 s switch fires 5 s (real) after the last refresh
        const server = yield* externalSimServer({ symbols: SYMBOLS, speed: 2 })
        const dir = yield* tempDir
        const config = liveKrakenConfig(server.server.url, dir, {
          exchange: { kraken: { dead_mans_switch_seconds: 10 } }
        })
        const exchange = KrakenExchangeLive.pipe(
          Layer.provide(SpotRestLive(join(dir, "nonce"))),
          Layer.provide(FetchHttpClient.layer)
        )
        const layer = deadMansSwitchLayer(config).pipe(
          Layer.provideMerge(exchange),
          Layer.provide(AppConfig.layerFrom(config))
        )
        const scope = yield* Scope.make()
        const venue = Context.get(
          yield* Layer.buildWithScope(layer, scope).pipe(Effect.provide(capturing([]))),
          Exchange
        )
        const order = xbtOrder
        yield* venue.account.pipe(Effect.retry(bounded(50)))
        yield* venue.placeOrder(order("dms-entry", {}))
        const last = yield* venue.positions.pipe(
          Effect.filterOrFail((positions) => positions.length > 0),
          Effect.map(() => server.venue.state.prices.PF_XBTUSD?.last ?? new Decimal(0)),
          Effect.retry(bounded(50))
        )
        const stopPrice = last.times(0.5).toDecimalPlaces(0)
        yield* venue.placeOrder(
          order("dms-stop", { side: "sell", type: "stop", triggerPrice: stopPrice, reduceOnly: true })
        )
        expect(server.venue.state.openOrders.map((o) => o.clientOrderId)).toContain("dms-stop")
        expect(server.venue.state.cancelAllAt).not.toBeNull()

        // The process dies: its scope closes with a failure, the switch stays armed and nobody refreshes it
        yield* Scope.close(scope, Exit.fail("crashed"))
        yield* Effect.sync(() => server.venue.state.openOrders).pipe(
          Effect.filterOrFail((orders) => orders.length === 0),
          Effect.retry(bounded(100))
        )
        // The position is still open, now without its stop: the cost of the switch
        expect(Object.keys(server.venue.state.positions)).toContain("PF_XBTUSD")
      }),
    20_000
  )
})
