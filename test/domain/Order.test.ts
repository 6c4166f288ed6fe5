import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { ClientOrderId, isOrderDone, Order, OrderStatus } from "../../src/domain/Order.ts"
import { rejectedField } from "./support.ts"

const fill = {
  fillId: "9b6f-exec-1",
  orderId: "b3a1c0de-0000-4000-8000-000000000001",
  clientOrderId: "stop-pos-0123456789ab-1",
  symbol: "PF_XBTUSD",
  side: "sell",
  quantity: "0.004",
  price: "61000",
  fee: "0.122",
  liquidity: "taker",
  time: 1_717_000_000_000
}

const stop = {
  clientOrderId: "stop-pos-0123456789ab-1",
  orderId: "b3a1c0de-0000-4000-8000-000000000001",
  symbol: "PF_XBTUSD",
  side: "sell",
  type: "stop",
  quantity: "0.01",
  triggerPrice: "61000",
  triggerReference: "mark",
  reduceOnly: true,
  postOnly: false,
  status: "partially_filled",
  filledQuantity: "0.004",
  averageFillPrice: "61000",
  fills: [fill],
  createdAt: 1_716_999_000_000,
  updatedAt: 1_717_000_000_000
}

const decode = decodeModel(Order, "Order")

describe("Order", () => {
  it("round-trips with its fills", () => {
    const order = Schema.decodeUnknownSync(Order)(stop)
    expect(order.remainingQuantity.toString()).toBe("0.006")
    expect(Schema.encodeSync(Order)(order)).toEqual(stop)
  })
  it("a stop needs a trigger price; a market order may not have one", () => {
    const { triggerPrice: _, ...withoutTrigger } = stop
    expect(rejectedField(decode(withoutTrigger))).toBe("triggerPrice")
    expect(rejectedField(decode({ ...stop, type: "market" }))).toBe("triggerPrice")
  })
  it("a limit order needs a limit price; only limit orders may be post-only", () => {
    const { triggerPrice: _, ...plain } = stop
    expect(rejectedField(decode({ ...plain, type: "limit" }))).toBe("limitPrice")
    expect(rejectedField(decode({ ...plain, type: "market", postOnly: true }))).toBe("postOnly")
  })
  it("rejects more filled than ordered, naming filledQuantity", () => {
    expect(rejectedField(decode({ ...stop, filledQuantity: "0.02" }))).toBe("filledQuantity")
  })
  it("names the field of a bad fill inside the list", () => {
    expect(rejectedField(decode({ ...stop, fills: [{ ...fill, liquidity: "unknown" }] }))).toBe("fills.0.liquidity")
  })
  it("rejects an unknown trigger reference", () => {
    expect(rejectedField(decode({ ...stop, triggerReference: "spot" }))).toBe("triggerReference")
  })
  it("client order ids: Kraken's charset, at most 100 characters", () => {
    const is = Schema.is(ClientOrderId)
    expect(is("entry-pos-0123456789ab-1")).toBe(true)
    expect(is("5e9c2f6a-2b1d-4a7e-9a55-0d2b7f3c1e11")).toBe(true)
    expect(is("a".repeat(101))).toBe(false)
    expect(is("has space")).toBe(false)
    expect(is("")).toBe(false)
  })
  it("done statuses are filled, canceled, expired, rejected", () => {
    expect(OrderStatus.literals.filter(isOrderDone)).toEqual(["filled", "canceled", "expired", "rejected"])
  })
})
