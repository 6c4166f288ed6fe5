import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Stream } from "effect"
import type { ExchangeService } from "../../../src/exchange/Exchange.ts"
import { remainingQuantity } from "../../../src/execution/ManagedPosition.ts"
import { pollOrders } from "../../../src/runtime/background/OrderPolling.ts"
import { flat, scriptedSim, stopsOn } from "../../execution/InProcessRig.ts"
import { freshStorage, openedThroughExecutor, supervisedLayer, tempRegistryFile } from "../../execution/SimRig.ts"

/** The venue as a process sees it when its private feed silently loses every order update and fill. */
const deafTo = (real: ExchangeService): ExchangeService => ({
  ...real,
  events: Effect.map(real.events, (events) =>
    events.pipe(Stream.filter((e) => e._tag !== "OrderUpdated" && e._tag !== "FillReceived"))
  )
})

describe("order polling", () => {
  it.scopedLive("finds an entry fill the push feed never delivered, and the position gets its stop", () =>
    Effect.gen(function* () {
      const { venue, exchange: real } = yield* scriptedSim(flat(50_000, 8))
      const exchange = deafTo(real)
      yield* Effect.gen(function* () {
        const { registry, executor, input } = yield* openedThroughExecutor(venue)
        // The market entry filled on the venue, but the process heard nothing: no quantity, no stop
        expect((yield* real.positions).map((p) => p.size.toString())).toEqual(["0.01"])
        yield* executor.settle
        const before = Option.getOrThrow(yield* registry.get(input.positionId))
        expect([before.state, remainingQuantity(before).toString()]).toEqual(["PENDING", "0"])
        expect(yield* stopsOn(real)).toEqual([])

        const report = yield* pollOrders

        expect(report).toEqual({ checked: 1, routed: 1 })
        const after = Option.getOrThrow(yield* registry.get(input.positionId))
        expect(remainingQuantity(after).toString()).toBe("0.01")
        const stops = yield* stopsOn(real)
        expect(stops.map((s) => [s.side, s.quantity.toString(), s.reduceOnly])).toEqual([["sell", "0.01", true]])
        // A second poll finds nothing new: the stop is working, the entry settled
        const again = yield* pollOrders
        expect(again.routed).toBe(0)
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage(), {}, { fillGraceMs: 0 })))
    })
  )
})
