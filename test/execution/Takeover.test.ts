import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Decimal, roundPriceToTick } from "../../src/domain/Money.ts"
import { FuturesSymbol, symbolKey } from "../../src/domain/Symbols.ts"
import type { ExchangeService, OrderRequest } from "../../src/exchange/Exchange.ts"
import { executionTick, startExecution } from "../../src/execution/Execution.ts"
import { Executor } from "../../src/execution/Executor.ts"
import { ordersWithRole, remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { Reconciler } from "../../src/execution/Reconciler.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { xbtOrder } from "../exchange/sim/contract/Scenarios.ts"
import {
  freshStorage,
  krakenOn,
  openInput,
  simServer,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

const ETH = FuturesSymbol.make("PF_ETHUSD")

/** An order placed outside the system (no intent, no registry position). */
const byHand = (exchange: ExchangeService, id: string, fields: Partial<OrderRequest>) =>
  exchange.placeOrder(xbtOrder(id, fields))

describe("startup takeover over the Kraken wire against the simulator", () => {
  it.scopedLive("adopts a position opened by hand, protects it without loosening its stop, cancels orphans", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      const tick = venue.state.instruments[XBT]!.tickSize
      const last = venue.state.prices[XBT]!.last
      const handStop = roundPriceToTick(last.times("0.99"), tick)
      const ethLast = venue.state.prices[ETH]!.last
      yield* byHand(exchange, "hand-entry-1", {})
      yield* byHand(exchange, "hand-stop-1", { type: "stop", side: "sell", reduceOnly: true, triggerPrice: handStop })
      const orphan = yield* byHand(exchange, "hand-eth-1", {
        symbol: ETH,
        type: "limit",
        quantity: new Decimal("0.1"),
        limitPrice: roundPriceToTick(ethLast.times("0.5"), venue.state.instruments[ETH]!.tickSize)
      })
      yield* until(Effect.map(exchange.openOrders, (orders) => orders.length === 2))

      yield* Effect.gen(function* () {
        const registry = yield* PositionRegistry
        const started = yield* startExecution
        expect(started.intents.resolutions).toEqual({})
        const report = started.takeover
        expect(report.adopted).toHaveLength(1)
        expect(report.cancelledOrders).toBe(1)
        const adopted = Option.getOrThrow(yield* registry.get(report.adopted[0]!))
        expect([adopted.state, adopted.side, remainingQuantity(adopted).toString()]).toEqual(["OPEN", "long", "0.01"])
        // The hand stop was tighter than the 2 % fallback: the adopted stop keeps its level.
        expect(adopted.stopTarget.toString()).toBe(handStop.toString())
        const ours = ordersWithRole(adopted, "stop").find((o) => o.status === "working")
        expect(ours?.price?.toString()).toBe(handStop.toString())
        yield* until(Effect.map(exchange.openOrders, (orders) => orders.length === 1))
        const [only] = yield* exchange.openOrders
        expect([only?.type, only?.reduceOnly, only?.quantity.toString()]).toEqual(["stop", true, "0.01"])
        expect(Option.getOrUndefined(only!.clientOrderId)).toBe(ours?.clientOrderId)
        expect((yield* exchange.openOrders).some((o) => o.orderId === orphan.orderId)).toBe(false)

        const again = yield* executionTick
        expect([again.reconcile.adopted, again.reconcile.observed, again.reconcile.unsettled]).toEqual([[], [], []])
        expect(again.protection.actions).toEqual([])
        expect(again.protection.findings.map((f) => f.status)).toEqual(["protected"])
        expect((yield* registry.active).map((p) => symbolKey(p.symbol))).toEqual([symbolKey(XBT)])
        const events = yield* Effect.flatMap(SystemEventRepository, (r) =>
          r.byType("takeover", { from: 0, to: Number.MAX_SAFE_INTEGER })
        )
        expect(events.some((e) => e.details.positionId === adopted.positionId && e.details.protected === true)).toBe(
          true
        )
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("reconciliation acts on a size difference only when two passes see it; the stop still covers", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simServer
      const exchange = yield* krakenOn(server)
      yield* Effect.gen(function* () {
        const executor = yield* Executor
        const registry = yield* PositionRegistry
        const reconciler = yield* Reconciler
        yield* executor.eventRouter
        const input = yield* openInput(venue, "long")
        yield* executor.open(input)
        yield* until(Effect.map(exchange.openOrders, (orders) => orders.length === 3))
        yield* byHand(exchange, "hand-reduce-1", { side: "sell", reduceOnly: true, quantity: new Decimal("0.004") })
        yield* until(Effect.map(exchange.positions, (ps) => ps[0]?.size.toString() === "0.006"))

        const first = yield* reconciler.reconcile
        expect([first.observed, first.unsettled]).toEqual([[], [symbolKey(XBT)]])
        expect(Option.map(yield* registry.get(input.positionId), (p) => remainingQuantity(p).toString())).toEqual(
          Option.some("0.01")
        )
        const second = yield* reconciler.reconcile
        expect(second.observed).toEqual([input.positionId])
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect([record.state, remainingQuantity(record).toString()]).toEqual(["PARTIAL", "0.006"])
        // A reduce-only stop larger than the position still closes all of it: no replacement is spent on it.
        const stops = (yield* exchange.openOrders).filter((o) => o.type === "stop" && o.reduceOnly)
        expect(stops.map((o) => o.quantity.gte(remainingQuantity(record)))).toEqual([true])
        expect((yield* reconciler.reconcile).observed).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )
})
