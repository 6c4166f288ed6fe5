import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schedule } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { decisionSettingsFromConfig } from "../../src/decision/DecisionSettings.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import { Exchange } from "../../src/exchange/Exchange.ts"
import * as Executor from "../../src/execution/Executor.ts"
import * as Registry from "../../src/execution/PositionRegistry.ts"
import { embeddedVenueLayer } from "../../src/runtime/EmbeddedVenue.ts"
import { killSwitchHold } from "../../src/runtime/SafeHold.ts"
import { awaitVenueSync } from "../../src/runtime/Startup.ts"
import { makeTradingMemory, tradingStage } from "../../src/runtime/TradingStage.ts"
import { activate, inactive } from "../../src/safety/KillSwitch.ts"
import { TradeRepository } from "../../src/storage/TradeRepository.ts"
import { signal } from "../decision/DecisionFixtures.ts"
import { freshStorage, tempRegistryFile } from "../execution/SimRig.ts"

const config = testConfigSync({ config: { exchange: { sim: { symbols: ["BTC/USD", "ETH/USD"] } } } })
const XBT = FuturesSymbol.make("PF_XBTUSD")

const settings = decisionSettingsFromConfig(config)

/** A fresh process: executor and registry over the embedded venue, private storage. */
const layer = () =>
  Executor.layer().pipe(
    Layer.provideMerge(Registry.layer({ filename: tempRegistryFile() })),
    Layer.provideMerge(embeddedVenueLayer(config)),
    Layer.provideMerge(freshStorage())
  )

/** Polls until `done` holds (at most ~5 s): venue updates arrive asynchronously over the WebSocket. */
const eventually = <A, E, R>(query: Effect.Effect<A, E, R>, done: (a: A) => boolean) =>
  query.pipe(
    Effect.filterOrFail(done, () => "not yet" as const),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("5 seconds")))
  )

/** Starts routing, waits for the venue, and runs the trading stage over one BTC long signal at the market. */
const openOnePosition = Effect.gen(function* () {
  const exchange = yield* Exchange
  const executor = yield* Executor.Executor
  yield* executor.eventRouter
  yield* awaitVenueSync
  yield* exchange.watchTickers([XBT])
  const ticker = yield* eventually(exchange.ticker(XBT), () => true)
  const price = Math.round(ticker.last.toNumber())
  const memory = yield* makeTradingMemory
  const input = {
    marketNow: ticker.receivedAt,
    signals: [signal("BTC/USD", { price, stopPct: 0.02, targetR: 3, timestamp: ticker.receivedAt })],
    account: yield* exchange.account,
    scannedSymbols: 2,
    entryBlock: undefined
  }
  const report = yield* tradingStage(input, settings, memory)
  expect(report.decision.rejections).toEqual([])
  expect(report.opened).toBe(1)
  return { exchange, input, price, memory }
})

describe("the trading stage on the embedded venue, through the Kraken adapter", () => {
  it.live("turns a signal into a filled entry with a reduce-only stop on the venue, and never enters twice", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { exchange, input, price, memory } = yield* openOnePosition
        const [position] = yield* eventually(exchange.positions, (ps) => ps.length === 1)
        expect(position?.symbol).toBe(XBT)
        expect(position?.side).toBe("long")
        const orders = yield* eventually(exchange.openOrders, (os) => os.some((o) => o.type === "stop"))
        const stop = orders.find((o) => o.type === "stop")
        expect(stop?.reduceOnly).toBe(true)
        expect(stop?.side).toBe("sell")
        expect(Option.getOrThrow(stop!.triggerPrice).toNumber()).toBeLessThan(price)
        expect(stop?.quantity.toString()).toBe(position?.size.toString())

        // The same signal again: the symbol is held, nothing new opens
        const again = yield* tradingStage({ ...input, account: yield* exchange.account }, settings, memory)
        expect(again.opened).toBe(0)
        expect(yield* exchange.positions).toHaveLength(1)
      })
    ).pipe(Effect.provide(layer()))
  )

  it.live("a kill switch asking to flatten closes the position through the executor and records the trade", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { exchange } = yield* openOnePosition
        yield* eventually(exchange.openOrders, (os) => os.some((o) => o.type === "stop"))
        const killSwitch = activate(inactive, { reason: "MANUAL", at: Date.now(), flatten: true, detail: "test" })
        if (killSwitch._tag !== "Active") return yield* Effect.dieMessage("the kill switch did not latch")
        yield* killSwitchHold(killSwitch, true)
        yield* eventually(exchange.positions, (ps) => ps.length === 0)
        yield* eventually(exchange.openOrders, (os) => os.length === 0)
        const [trade] = yield* eventually((yield* TradeRepository).recent(10), (ts) => ts.length === 1)
        expect(trade?.exitReason).toBe("kill_switch")
        expect(trade?.symbol).toBe("BTC/USD")
      })
    ).pipe(Effect.provide(layer()))
  )
})
