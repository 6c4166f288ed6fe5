import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import type { ExchangeService, OrderRequest } from "../../src/exchange/Exchange.ts"
import { Executor } from "../../src/execution/Executor.ts"
import { remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import { openPosition } from "../../src/execution/OpenPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { Reconciler } from "../../src/execution/Reconciler.ts"
import {
  type CrashPoint,
  crashingExchange,
  duplicateAcceptances,
  freshStorage,
  krakenOn,
  openInput,
  processLayer,
  simServer,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

const isEntry = (request: OrderRequest) => !request.reduceOnly
const isStop = (request: OrderRequest) => request.type === "stop"

/** Where the first process dies: which placement, and before or after the venue took it. */
type Crash =
  | { readonly step: "intent written" }
  | { readonly when: (r: OrderRequest) => boolean; readonly point: CrashPoint }

const CRASHES: ReadonlyArray<readonly [string, Crash]> = [
  ["entry intent written, nothing sent", { step: "intent written" }],
  ["entry sent, the answer lost", { when: isEntry, point: "after" }],
  ["entry filled, the stop marked sent but never reached the venue", { when: isStop, point: "before" }],
  ["stop sent, the answer lost", { when: isStop, point: "after" }]
]

const stopsOnVenue = (exchange: ExchangeService) =>
  Effect.map(exchange.openOrders, (orders) =>
    orders.filter((o) => o.symbol === XBT && o.type === "stop" && o.reduceOnly && o.side === "sell")
  )

describe("crash safety of an entry, over the Kraken wire against the simulator", () => {
  for (const [name, crash] of CRASHES) {
    it.scopedLive(`${name}: a restart duplicates nothing and leaves the position protected`, () =>
      Effect.gen(function* () {
        const { venue, server } = yield* simServer
        const file = tempRegistryFile()
        const storage = freshStorage()
        const input = yield* openInput(venue, "long")

        // First process: runs the entry until it dies at the crash point.
        yield* Effect.scoped(
          Effect.gen(function* () {
            const real = yield* krakenOn(server)
            if ("step" in crash)
              return yield* Effect.flatMap(PositionRegistry, (r) =>
                r.register(Either.getOrThrow(openPosition(input, DEFAULT_RULES)))
              ).pipe(Effect.provide(processLayer(real, file, storage)))
            const { exchange, crashed } = yield* crashingExchange(real, crash.when, crash.point)
            yield* Effect.gen(function* () {
              const executor = yield* Executor
              yield* executor.eventRouter
              yield* Effect.fork(executor.open(input))
              yield* crashed
            }).pipe(Effect.provide(processLayer(exchange, file, storage)))
          })
        )

        // Second process: same registry file, same venue, a new connection.
        yield* Effect.scoped(
          Effect.gen(function* () {
            const exchange = yield* krakenOn(server)
            yield* Effect.gen(function* () {
              const executor = yield* Executor
              const registry = yield* PositionRegistry
              yield* executor.eventRouter
              const report = yield* executor.recoverIntents
              expect(report.waiting).toEqual([])
              yield* until(
                Effect.map(stopsOnVenue(exchange), (stops) => stops.some((s) => s.quantity.toString() === "0.01"))
              )
              yield* until(Effect.map(registry.unresolvedIntents, (intents) => intents.length === 0))
              const positions = yield* exchange.positions
              expect(positions.map((p) => [p.symbol, p.side, p.size.toString()])).toEqual([[XBT, "long", "0.01"]])
              const record = Option.getOrThrow(yield* registry.get(input.positionId))
              expect(record.state).toBe("OPEN")
              expect(remainingQuantity(record).toString()).toBe("0.01")
              const stops = yield* stopsOnVenue(exchange)
              expect(stops).toHaveLength(1)
              yield* until(
                Effect.map(registry.get(input.positionId), (p) =>
                  Option.exists(p, (r) =>
                    r.orders.some((o) => o.role === "stop" && o.status === "working" && o.orderId === stops[0]!.orderId)
                  )
                )
              )
              expect(duplicateAcceptances(venue)).toEqual([])
              // The registry already equals the exchange: one reconciliation finds nothing to change.
              const reconciled = yield* Effect.flatMap(Reconciler, (r) => r.reconcile)
              expect([reconciled.observed, reconciled.adopted, reconciled.unsettled]).toEqual([[], [], []])
            }).pipe(Effect.provide(supervisedLayer(exchange, file, storage)))
          })
        )
      })
    )
  }
})

describe("an entry that may have been sent but never reached the venue", () => {
  it.scopedLive("is looked up, never resent: the position is cancelled and the venue stays flat", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const file = tempRegistryFile()
      const storage = freshStorage()
      const input = yield* openInput(venue, "long")
      yield* Effect.scoped(
        Effect.gen(function* () {
          const { exchange, crashed } = yield* crashingExchange(yield* krakenOn(server), isEntry, "before")
          yield* Effect.gen(function* () {
            yield* Effect.fork(Effect.flatMap(Executor, (executor) => executor.open(input)))
            yield* crashed
          }).pipe(Effect.provide(processLayer(exchange, file, storage)))
        })
      )
      yield* Effect.scoped(
        Effect.gen(function* () {
          const exchange = yield* krakenOn(server)
          yield* Effect.gen(function* () {
            const executor = yield* Executor
            const registry = yield* PositionRegistry
            const report = yield* executor.recoverIntents
            expect(report.resolutions).toEqual({ Abandon: 1 })
            expect(Option.map(yield* registry.get(input.positionId), (p) => p.state)).toEqual(Option.some("CANCELLED"))
            expect(yield* registry.unresolvedIntents).toEqual([])
            expect(yield* exchange.positions).toEqual([])
            expect(yield* exchange.openOrders).toEqual([])
            expect(venue.state.orderEvents.length).toBe(0)
          }).pipe(Effect.provide(processLayer(exchange, file, storage)))
        })
      )
    })
  )
})
