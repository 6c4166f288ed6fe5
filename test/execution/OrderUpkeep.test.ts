import { randomUUID } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Ref, Stream } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ClientOrderId, type ExchangeOrderId } from "../../src/domain/Order.ts"
import type { PositionId } from "../../src/domain/Position.ts"
import type { ExchangeService } from "../../src/exchange/Exchange.ts"
import { OrderRejected } from "../../src/exchange/ExchangeErrors.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { executionTick } from "../../src/execution/Execution.ts"
import { Executor } from "../../src/execution/Executor.ts"
import { type ManagedPosition, ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import {
  duplicateAcceptances,
  freshStorage,
  krakenOn,
  openInput,
  processLayer,
  refusing,
  simServer,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

const venueOrders = (exchange: ExchangeService, type: "limit" | "stop") =>
  Effect.map(exchange.openOrders, (orders) => orders.filter((o) => o.symbol === XBT && o.type === type))

const openedLong = (venue: SimVenue) =>
  Effect.gen(function* () {
    const executor = yield* Executor
    yield* executor.eventRouter
    const input = yield* openInput(venue, "long")
    yield* executor.open(input)
    return input
  })

const recordOf = (positionId: PositionId) =>
  Effect.map(
    Effect.flatMap(PositionRegistry, (r) => r.get(positionId)),
    Option.getOrThrow
  )

const untilRecord = (positionId: PositionId, holds: (p: ManagedPosition) => boolean) =>
  until(
    Effect.map(
      Effect.flatMap(PositionRegistry, (r) => r.get(positionId)),
      (p) => Option.exists(p, holds)
    )
  )

const allWorking = (p: ManagedPosition) =>
  p.orders.filter((o) => o.role !== "entry").every((o) => o.status === "working") && p.orders.length === 4

/** The venue never receives the first `count` cancels, yet answers them as done (a lost request). */
const losingCancels = (real: ExchangeService, count: number) =>
  Effect.map(
    Ref.make(count),
    (left): ExchangeService => ({
      ...real,
      cancelOrder: (ref) =>
        Effect.flatMap(
          Ref.getAndUpdate(left, (n) => Math.max(0, n - 1)),
          (n) => (n > 0 ? Effect.void : real.cancelOrder(ref))
        )
    })
  )

describe("order upkeep over the Kraken wire against the simulator", () => {
  it.scopedLive("a TP cancelled by hand on the venue is re-placed at the next tick, exactly once", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      yield* Effect.gen(function* () {
        const input = yield* openedLong(venue)
        yield* untilRecord(input.positionId, allWorking)
        const tp1 = ordersWithRole(yield* recordOf(input.positionId), "tp1")[0]!
        yield* exchange.cancelOrder({ orderId: tp1.orderId as ExchangeOrderId })
        yield* untilRecord(input.positionId, (p) => ordersWithRole(p, "tp1")[0]?.status === "cancelled")
        expect(yield* venueOrders(exchange, "limit")).toHaveLength(1)

        expect((yield* executionTick).upkeep.backfilled).toEqual([input.positionId])
        yield* until(Effect.map(venueOrders(exchange, "limit"), (tps) => tps.length === 2))
        expect((yield* executionTick).upkeep.backfilled).toEqual([])

        const tps = yield* venueOrders(exchange, "limit")
        expect(tps.map((o) => [o.side, o.reduceOnly, o.quantity.toString()])).toEqual([
          ["sell", true, "0.004"],
          ["sell", true, "0.004"]
        ])
        expect(tps.some((o) => Option.exists(o.limitPrice, (p) => p.eq(input.plan.tp1Price!)))).toBe(true)
        const record = yield* recordOf(input.positionId)
        expect(ordersWithRole(record, "tp1").map((o) => o.status)).toEqual(["cancelled", "working"])
        expect(ordersWithRole(record, "tp2").map((o) => o.status)).toEqual(["working"])
        expect(duplicateAcceptances(venue)).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("a TP the venue dropped without telling us is settled from its final word, then re-placed", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange: ExchangeService = {
        ...real,
        events: Effect.map(real.events, (events) =>
          events.pipe(
            Stream.filter(
              (e) => !(e._tag === "OrderUpdated" && e.order.type === "limit" && e.order.status === "canceled")
            )
          )
        )
      }
      yield* Effect.gen(function* () {
        const input = yield* openedLong(venue)
        yield* untilRecord(input.positionId, allWorking)
        const tp2 = ordersWithRole(yield* recordOf(input.positionId), "tp2")[0]!
        yield* real.cancelOrder({ orderId: tp2.orderId as ExchangeOrderId })
        yield* until(Effect.map(venueOrders(real, "limit"), (tps) => tps.length === 1))
        expect(ordersWithRole(yield* recordOf(input.positionId), "tp2")[0]?.status).toBe("working")
        const { upkeep } = yield* executionTick
        expect(upkeep.takeProfitsSettled).toEqual([tp2.clientOrderId])
        expect(upkeep.backfilled).toEqual([input.positionId])
        expect(ordersWithRole(yield* recordOf(input.positionId), "tp2").map((o) => o.status)).toEqual([
          "cancelled",
          "working"
        ])
        expect(yield* venueOrders(real, "limit")).toHaveLength(2)
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("a TP the venue keeps refusing is retried a bounded number of times, never in a loop", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const exchange = refusing(real, (r) => r.type === "limit" && r.reduceOnly)
      yield* Effect.gen(function* () {
        const input = yield* openedLong(venue)
        yield* untilRecord(
          input.positionId,
          (p) =>
            ordersWithRole(p, "tp2")[0]?.status === "rejected" && ordersWithRole(p, "stop")[0]?.status === "working"
        )
        const backfilled: Array<number> = []
        for (let i = 0; i < 5; i++) backfilled.push((yield* executionTick).upkeep.backfilled.length)
        expect(backfilled).toEqual([1, 1, 0, 0, 0])
        const record = yield* recordOf(input.positionId)
        for (const role of ["tp1", "tp2"] as const)
          expect(ordersWithRole(record, role).map((o) => o.status)).toEqual(
            Array(DEFAULT_RULES.takeProfitMaxFailures).fill("rejected")
          )
        expect(yield* venueOrders(real, "limit")).toEqual([])
        expect(yield* venueOrders(real, "stop")).toHaveLength(1)
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("a position reduced by hand has its stop amended down to the remaining size, not replaced", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      // The first amendment is refused: the next upkeep asks again.
      const refusals = yield* Ref.make(1)
      const exchange: ExchangeService = {
        ...real,
        amendOrder: (ref, amendment) =>
          Effect.flatMap(
            Ref.getAndUpdate(refusals, (n) => Math.max(0, n - 1)),
            (n) =>
              n > 0
                ? Effect.fail(new OrderRejected({ operation: "amendOrder", reason: "test venue" }))
                : real.amendOrder(ref, amendment)
          )
      }
      yield* Effect.gen(function* () {
        const input = yield* openedLong(venue)
        yield* untilRecord(input.positionId, allWorking)
        yield* real.placeOrder({
          clientOrderId: ClientOrderId.make(randomUUID()),
          symbol: XBT,
          side: "sell",
          type: "market",
          quantity: new Decimal("0.004"),
          reduceOnly: true,
          postOnly: false
        })
        yield* until(Effect.map(real.positions, (ps) => ps[0]?.size.eq("0.006") === true))
        // Reconciliation acts on the second pass that sees the same difference; its amendment is refused, the
        // upkeep of the same tick amends again.
        const first = yield* executionTick
        expect([first.reconcile.observed, first.upkeep.resized]).toEqual([[], []])
        const second = yield* executionTick
        expect([second.reconcile.observed, second.upkeep.resized]).toEqual([[input.positionId], [input.positionId]])
        yield* until(Effect.map(venueOrders(real, "stop"), (stops) => stops[0]?.quantity.eq("0.006") === true))
        const stops = yield* venueOrders(real, "stop")
        expect(stops).toHaveLength(1)
        const record = yield* recordOf(input.positionId)
        expect(record.state).toBe("PARTIAL")
        expect(ordersWithRole(record, "stop").map((o) => [o.status, o.quantity.toString(), o.orderId])).toEqual([
          ["working", "0.006", stops[0]!.orderId]
        ])
        const third = yield* executionTick
        expect([third.upkeep.resized, third.protection.actions]).toEqual([[], []])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("a cancel the venue never got is sent again once its grace has passed", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const real = yield* krakenOn(server)
      const file = tempRegistryFile()
      const storage = freshStorage()
      const lossy = yield* losingCancels(real, 1)
      const { positionId, oldStop } = yield* Effect.gen(function* () {
        const executor = yield* Executor
        const input = yield* openedLong(venue)
        yield* untilRecord(input.positionId, allWorking)
        const previous = ordersWithRole(yield* recordOf(input.positionId), "stop")[0]!
        const tighter = input.plan.initialStop.plus(input.plan.entryPrice.minus(input.plan.initialStop).div(2))
        yield* executor.moveStop(input.positionId, tighter.toNearest(venue.state.instruments[XBT]!.tickSize))
        yield* untilRecord(input.positionId, (p) =>
          ordersWithRole(p, "stop").some((o) => o.clientOrderId !== previous.clientOrderId && o.status === "working")
        )
        expect(ordersWithRole(yield* recordOf(input.positionId), "stop")[0]?.status).toBe("cancelling")
        expect(yield* venueOrders(real, "stop")).toHaveLength(2)
        // Within the grace nothing is resent.
        expect((yield* executor.upkeep).recancelled).toEqual([])
        expect(yield* venueOrders(real, "stop")).toHaveLength(2)
        return { positionId: input.positionId, oldStop: previous.clientOrderId }
      }).pipe(Effect.scoped, Effect.provide(processLayer(lossy, file, storage, { cancelGraceMs: 60_000 })))

      // The next process (grace 0) resends it; the venue's answer closes it in the record.
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        yield* executor.eventRouter
        expect((yield* executor.upkeep).recancelled).toEqual([oldStop])
        yield* until(Effect.map(venueOrders(real, "stop"), (stops) => stops.length === 1))
        yield* untilRecord(positionId, (p) => ordersWithRole(p, "stop")[0]?.status === "cancelled")
        expect((yield* executor.upkeep).recancelled).toEqual([])
        expect(ordersWithRole(yield* recordOf(positionId), "stop").map((o) => o.status)).toEqual([
          "cancelled",
          "working"
        ])
      }).pipe(Effect.scoped, Effect.provide(processLayer(real, file, storage, { cancelGraceMs: 0 })))
    })
  )
})
