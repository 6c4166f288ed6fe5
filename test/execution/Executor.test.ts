import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, Option, Ref } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { Exchange, ExchangeService } from "../../src/exchange/Exchange.ts"
import { OrderRejected, RateLimited, UnknownResult } from "../../src/exchange/ExchangeErrors.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { Executor } from "../../src/execution/Executor.ts"
import { remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { TradeRepository } from "../../src/storage/TradeRepository.ts"
import {
  duplicateAcceptances,
  freshStorage,
  krakenOn,
  openInput,
  processLayer,
  simServer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

const workingOrders = (exchange: typeof Exchange.Service) =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.symbol === XBT))

/**
 * A long opened through the executor (its event router running) with its stop and two take-profits working, and a
 * stop halfway between the initial stop and the entry, on the tick grid.
 */
const openedLong = (venue: SimVenue, exchange: ExchangeService) =>
  Effect.gen(function* () {
    const executor = yield* Executor
    yield* executor.eventRouter
    const input = yield* openInput(venue, "long")
    yield* executor.open(input)
    yield* until(Effect.map(workingOrders(exchange), (orders) => orders.length === 3))
    const halfway = input.plan.initialStop.plus(input.plan.entryPrice.minus(input.plan.initialStop).div(2))
    return { input, tighter: halfway.toNearest(venue.state.instruments[XBT]!.tickSize) }
  })

describe("Executor against the simulator over the Kraken wire", () => {
  it.scopedLive("opens a long: entry filled, a reduce-only stop and the TP ladder rest on the venue", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      const layer = processLayer(exchange, tempRegistryFile(), freshStorage())
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        const registry = yield* PositionRegistry
        yield* executor.eventRouter
        const input = yield* openInput(venue, "long")
        yield* executor.open(input)
        yield* until(Effect.map(workingOrders(exchange), (orders) => orders.length === 3))
        const orders = yield* workingOrders(exchange)
        expect(orders.map((o) => [o.type, o.side, o.reduceOnly, o.quantity.toString()]).sort()).toEqual([
          ["limit", "sell", true, "0.004"],
          ["limit", "sell", true, "0.004"],
          ["stop", "sell", true, "0.01"]
        ])
        const positions = yield* exchange.positions
        expect(positions.map((p) => [p.symbol, p.side, p.size.toString()])).toEqual([[XBT, "long", "0.01"]])
        yield* until(
          Effect.map(registry.get(input.positionId), (p) =>
            Option.exists(p, (r) => r.orders.filter((o) => o.status === "working").length === 3)
          )
        )
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect(record.state).toBe("OPEN")
        expect(remainingQuantity(record).toString()).toBe("0.01")
        expect(duplicateAcceptances(venue)).toEqual([])
      }).pipe(Effect.provide(layer))
    })
  )

  it.scopedLive("moves the stop atomically and exits: flat on the venue, no order left, the trade recorded", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      const layer = processLayer(exchange, tempRegistryFile(), freshStorage())
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        const registry = yield* PositionRegistry
        const { input, tighter: newStop } = yield* openedLong(venue, exchange)
        yield* executor.moveStop(input.positionId, newStop, "trailing")
        yield* until(
          Effect.map(workingOrders(exchange), (orders) => {
            const stops = orders.filter((o) => o.type === "stop")
            return stops.length === 1 && Option.exists(stops[0]!.triggerPrice, (p) => p.eq(newStop))
          })
        )
        yield* executor.requestExit(input.positionId, "manual")
        yield* until(Effect.map(registry.get(input.positionId), (p) => Option.exists(p, (r) => r.state === "CLOSED")))
        yield* until(Effect.map(workingOrders(exchange), (orders) => orders.length === 0))
        expect(yield* exchange.positions).toEqual([])
        const trades = yield* TradeRepository
        yield* until(Effect.map(trades.byId(input.positionId), Option.isSome))
        const trade = yield* trades.byId(input.positionId)
        expect(Option.map(trade, (t) => [t.exitReason, t.size.toString()])).toEqual(Option.some(["manual", "0.01"]))
        expect(Option.getOrThrow(trade).fees.gt(new Decimal(0))).toBe(true)
        expect(duplicateAcceptances(venue)).toEqual([])
      }).pipe(Effect.provide(layer))
    })
  )

  it.scopedLive(
    "a stop move the order budget refuses is logged with position, symbol and reason; the old stop stays",
    () =>
      Effect.gen(function* () {
        const { venue, server } = yield* simServer
        const real = yield* krakenOn(server)
        const stops = yield* Ref.make(0)
        // A fast clock: the adapter's own budget refuses every stop after the first (it never reaches the venue)
        const exchange: ExchangeService = {
          ...real,
          placeOrder: (request) =>
            request.type !== "stop"
              ? real.placeOrder(request)
              : Effect.flatMap(
                  Ref.getAndUpdate(stops, (n) => n + 1),
                  (n) =>
                    n === 0
                      ? real.placeOrder(request)
                      : Effect.fail(
                          new RateLimited({ operation: "placeOrder", reason: "order budget spent", local: true })
                        )
                )
        }
        const warnings: Array<string> = []
        const logger = Logger.make(({ logLevel, message }) => {
          if (logLevel._tag === "Warning") warnings.push(String(message))
        })
        yield* Effect.gen(function* () {
          const executor = yield* Executor
          const registry = yield* PositionRegistry
          const { input, tighter } = yield* openedLong(venue, real)
          yield* executor.moveStop(input.positionId, tighter, "trailing")
          const record = Option.getOrThrow(yield* registry.get(input.positionId))
          const refused = record.orders.find((o) => o.role === "stop" && o.status === "rejected")!
          const intent = Option.getOrThrow(yield* registry.intent(refused.clientOrderId))
          expect([intent.request.purpose, intent.status]).toEqual(["replace-stop", "rejected"])
          expect(warnings.filter((w) => w.includes(refused.clientOrderId))).toEqual([
            `stop replacement ${refused.clientOrderId} of position ${input.positionId} on ${XBT} refused: ` +
              "placeOrder rate limited: order budget spent"
          ])
          const kept = (yield* workingOrders(real)).filter((o) => o.type === "stop")
          expect(kept.map((o) => Option.map(o.triggerPrice, (p) => p.toString()))).toEqual([
            Option.some(input.plan.initialStop.toString())
          ])
        }).pipe(
          Effect.provide(processLayer(exchange, tempRegistryFile(), freshStorage())),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger))
        )
      })
  )

  it.scopedLive("a stop placement without an answer is resolved by client id lookup, never sent twice", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      // The venue takes the stop but the answer is lost (a timeout after sending).
      const exchange: ExchangeService = {
        ...real,
        placeOrder: (request) =>
          request.type === "stop"
            ? Effect.zipRight(
                real.placeOrder(request),
                Effect.fail(new UnknownResult({ operation: "placeOrder", reason: "timed out" }))
              )
            : real.placeOrder(request)
      }
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        const registry = yield* PositionRegistry
        yield* executor.eventRouter
        const input = yield* openInput(venue, "long")
        yield* executor.open(input)
        // Every other placement settled; only the stop's outcome is unknown.
        yield* until(
          Effect.map(
            registry.unresolvedIntents,
            (intents) =>
              intents.every((i) => i.status === "unknown" && i.request.type === "stop") && intents.length === 1
          )
        )
        yield* executor.settle
        expect(yield* registry.unresolvedIntents).toEqual([])
        yield* until(
          Effect.map(registry.get(input.positionId), (p) =>
            Option.exists(p, (r) => r.orders.some((o) => o.role === "stop" && o.status === "working"))
          )
        )
        expect((yield* workingOrders(real)).filter((o) => o.type === "stop")).toHaveLength(1)
        expect(duplicateAcceptances(venue)).toEqual([])
      }).pipe(Effect.provide(processLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("an entry the venue refuses cancels the position and leaves nothing behind", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange: ExchangeService = {
        ...real,
        placeOrder: (request) =>
          Effect.fail(
            new OrderRejected({ operation: "placeOrder", clientOrderId: request.clientOrderId, reason: "margin" })
          )
      }
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        const registry = yield* PositionRegistry
        const input = yield* openInput(venue, "long")
        const record = yield* executor.open(input)
        expect(record.state).toBe("CANCELLED")
        expect(yield* registry.unresolvedIntents).toEqual([])
        expect(Option.map(yield* registry.intent(record.orders[0]!.clientOrderId), (i) => i.status)).toEqual(
          Option.some("rejected")
        )
        expect(yield* real.positions).toEqual([])
      }).pipe(Effect.provide(processLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )
})
