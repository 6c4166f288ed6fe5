import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ClientOrderId } from "../../src/domain/Order.ts"
import { Exchange, type ExchangeService, type OrderRequest } from "../../src/exchange/Exchange.ts"
import { watchVenue } from "../../src/torture/VenueWatch.ts"
import { xbtOrder } from "../exchange/sim/contract/Scenarios.ts"
import { flat, scriptedSim } from "../execution/InProcessRig.ts"

const order = (exchange: ExchangeService, id: string, fields: Partial<OrderRequest>) =>
  exchange.placeOrder(xbtOrder(id, fields))

describe("the torture's venue watch", () => {
  it.scopedLive("sees a client id the venue accepted twice and a position left without a stop", () =>
    Effect.gen(function* () {
      const { exchange } = yield* scriptedSim(flat(50_000, 8))
      const report = yield* Effect.provide(watchVenue, Layer.succeed(Exchange, exchange))
      // The venue refuses a client id only while its order works: cancelled, the same id is accepted again
      const resting = { type: "limit" as const, limitPrice: new Decimal(40_000) }
      yield* order(exchange, "twice", resting)
      yield* exchange.cancelOrder({ clientOrderId: ClientOrderId.make("twice") })
      yield* order(exchange, "twice", resting)
      yield* order(exchange, "once", resting)
      // A long with no stop for about a second, then a reduce-only stop for its whole size
      yield* order(exchange, "entry", {})
      yield* Effect.sleep("1 second")
      yield* order(exchange, "stop", {
        side: "sell",
        type: "stop",
        triggerPrice: new Decimal(45_000),
        reduceOnly: true
      })
      yield* Effect.sleep("500 millis")

      const seen = yield* report
      expect(seen.duplicateClientOrderIds).toEqual([{ id: "twice", accepted: 2 }])
      expect(seen.ordersAccepted).toBe(5)
      expect(seen.maxNakedSeconds).toBeGreaterThanOrEqual(0.6)
      expect(seen.maxNakedSeconds).toBeLessThan(2)
      expect(seen.samples).toBeGreaterThan(5)
    })
  )
})
