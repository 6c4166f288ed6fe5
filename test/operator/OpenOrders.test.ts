import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ExchangeOrderId } from "../../src/domain/Order.ts"
import { Transient } from "../../src/exchange/ExchangeErrors.ts"
import { OperatorError } from "../../src/monitoring/OperatorPort.ts"
import { domainOrderOf, toDomainOrders, venueOpenOrders } from "../../src/operator/OpenOrders.ts"
import { listingExchange, venueStop } from "./VenueOrders.ts"

describe("the venue's open orders as domain Orders", () => {
  it("keeps every field the venue reports; the creation time is its last update, fills are not listed", () => {
    const partial = {
      ...venueStop,
      type: "limit" as const,
      side: "buy" as const,
      reduceOnly: false,
      postOnly: true,
      triggerPrice: Option.none(),
      limitPrice: Option.some(new Decimal("61000.5")),
      filledQuantity: new Decimal("0.2"),
      averageFillPrice: Option.some(new Decimal("61000.5")),
      status: "partially_filled" as const
    }
    const order = Either.getOrThrow(domainOrderOf(partial))
    expect(order).toMatchObject({
      clientOrderId: "stop-pos-0123456789ab-1",
      orderId: venueStop.orderId,
      symbol: "PF_XBTUSD",
      side: "buy",
      type: "limit",
      postOnly: true,
      status: "partially_filled",
      fills: [],
      createdAt: venueStop.updatedAt,
      updatedAt: venueStop.updatedAt
    })
    expect(order.limitPrice?.toString()).toBe("61000.5")
    expect(order.triggerPrice).toBeUndefined()
    expect(order.remainingQuantity.toString()).toBe("0.3")
    expect(order.averageFillPrice?.toString()).toBe("61000.5")
  })

  it("names an order placed outside the system by its venue id", () => {
    const foreign = { ...venueStop, clientOrderId: Option.none(), orderId: ExchangeOrderId.make("OQCLML-BW3P3 #7") }
    const order = Either.getOrThrow(domainOrderOf(foreign))
    expect(order.clientOrderId).toBe("external:OQCLML-BW3P3__7")
  })

  it.effect("an order no domain Order can describe fails the list, naming the order and the field", () =>
    Effect.gen(function* () {
      const broken = { ...venueStop, triggerPrice: Option.none() }
      const error = yield* Effect.flip(toDomainOrders([venueStop, broken]))
      expect(error).toBeInstanceOf(OperatorError)
      expect(error.message).toContain(`orders failed: order ${venueStop.orderId}`)
      expect(error.message).toContain("a stop order needs a triggerPrice")
    })
  )

  it.effect("an order feed that is not synced is an error, never an empty list", () =>
    Effect.gen(function* () {
      const exchange = listingExchange(Effect.fail(new Transient({ operation: "openOrders", reason: "feed lost" })))
      const error = yield* Effect.flip(venueOpenOrders(exchange))
      expect(error.message).toBe("orders failed: openOrders failed (retryable): feed lost")
    })
  )
})
