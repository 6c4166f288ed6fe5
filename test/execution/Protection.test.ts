import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Stream } from "effect"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { Executor } from "../../src/execution/Executor.ts"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { ProtectionService } from "../../src/execution/ProtectionService.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import {
  freshStorage,
  krakenOn,
  openedThroughExecutor,
  openInput,
  refusing,
  simServer,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

/** The venue's cancellations of stops never reach us (a lost update). */
const losingStopCancels = (real: ExchangeService): ExchangeService => ({
  ...real,
  events: Effect.map(real.events, (events) =>
    events.pipe(
      Stream.filter((e) => !(e._tag === "OrderUpdated" && e.order.type === "stop" && e.order.status === "canceled"))
    )
  )
})

const stopsOnVenue = (exchange: ExchangeService) =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.symbol === XBT && o.type === "stop"))

const openedLong = (venue: SimVenue) =>
  Effect.gen(function* () {
    const executor = yield* Executor
    yield* executor.eventRouter
    const input = yield* openInput(venue, "long")
    yield* executor.open(input)
    return input.positionId
  })

describe("protection over the Kraken wire against the simulator", () => {
  it.scopedLive("a stop the venue lost without telling us is found and re-placed at once", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange = losingStopCancels(real)
      yield* Effect.gen(function* () {
        const { registry, input } = yield* openedThroughExecutor(venue)
        const protection = yield* ProtectionService
        yield* until(Effect.map(stopsOnVenue(real), (stops) => stops.length === 1))
        const [lost] = yield* stopsOnVenue(real)
        yield* real.cancelOrder({ orderId: lost!.orderId })
        yield* until(Effect.map(stopsOnVenue(real), (stops) => stops.length === 0))
        expect((yield* protection.check).actions).toEqual([{ positionId: input.positionId, action: "replace" }])
        yield* until(Effect.map(stopsOnVenue(real), (stops) => stops.length === 1))
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect(ordersWithRole(record, "stop").map((o) => o.status)).toEqual(["cancelled", "working"])
        expect((yield* protection.check).actions).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("a venue that refuses the stop: re-place, then flatten that position alone", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange = refusing(real, (r) => r.type === "stop")
      yield* Effect.gen(function* () {
        const registry = yield* PositionRegistry
        const protection = yield* ProtectionService
        const positionId = yield* openedLong(venue)
        yield* until(Effect.map(real.positions, (ps) => ps.length === 1))
        yield* until(Effect.map(registry.get(positionId), (p) => Option.exists(p, (r) => r.stopRetryBlocked)))
        expect((yield* protection.check).actions).toEqual([{ positionId, action: "replace" }])
        expect((yield* protection.check).actions).toEqual([{ positionId, action: "flatten" }])
        yield* until(Effect.map(registry.get(positionId), (p) => Option.exists(p, (r) => r.state === "CLOSED")))
        expect(Option.map(yield* registry.get(positionId), (p) => p.exitReason)).toEqual(Option.some("emergency"))
        yield* until(Effect.map(real.positions, (ps) => ps.length === 0))
        expect((yield* protection.check).actions).toEqual([])
        const safety = yield* Effect.flatMap(SafetyStore, (s) => s.load)
        expect(safety.killSwitch._tag).toBe("Inactive")
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("neither a stop nor a close is accepted: trading halts through the kill switch", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange = refusing(real, (r) => r.reduceOnly)
      yield* Effect.gen(function* () {
        const registry = yield* PositionRegistry
        const protection = yield* ProtectionService
        const positionId = yield* openedLong(venue)
        yield* until(Effect.map(registry.get(positionId), (p) => Option.exists(p, (r) => r.stopRetryBlocked)))
        const actions = []
        for (let i = 0; i < 3; i++) actions.push(...(yield* protection.check).actions.map((a) => a.action))
        expect(actions).toEqual(["replace", "flatten", "halt"])
        const safety = yield* Effect.flatMap(SafetyStore, (s) => s.load)
        expect(safety.killSwitch).toMatchObject({ _tag: "Active", reason: "RECONCILIATION_FAILURE", flatten: false })
        expect(safety.level).toBe("HALTED")
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )
})
