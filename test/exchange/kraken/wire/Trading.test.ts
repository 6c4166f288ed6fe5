import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Decimal } from "../../../../src/domain/Money.ts"
import { frame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { AddOrderRequest, AddOrderResponse } from "../../../../src/exchange/kraken/wire/trading/AddOrder.ts"
import { AmendOrderRequest, AmendOrderResponse } from "../../../../src/exchange/kraken/wire/trading/AmendOrder.ts"
import { BatchAddRequest, BatchAddResponse } from "../../../../src/exchange/kraken/wire/trading/BatchAdd.ts"
import {
  CancelAllOrdersAfterRequest,
  CancelAllOrdersAfterResponse,
  CancelAllRequest,
  CancelAllResponse
} from "../../../../src/exchange/kraken/wire/trading/CancelAll.ts"
import { CancelOrderRequest, CancelOrderResponse } from "../../../../src/exchange/kraken/wire/trading/CancelOrder.ts"
import { refuses, roundTrip } from "./roundTrip.ts"

const T = `"time_in":"2026-09-01T12:00:03.000000Z","time_out":"2026-09-01T12:00:03.000900Z"`

describe("UWS trading methods", () => {
  it("round-trips the reference's stop-loss add_order and its response", () => {
    const req = roundTrip(
      AddOrderRequest,
      `{"method":"add_order","req_id":10,"params":{"asset_class":"derivatives","order_type":"stop-loss","side":"sell",
        "symbol":"PF_XBTUSD","order_qty":0.05,"reduce_only":true,"cl_ord_id":"5e9c2f6a-2b1d-4a7e-9a55-0d2b7f3c1e11",
        "triggers":{"reference":"index","price":58000,"price_type":"static"},"token":"<ws token>"}}`
    )
    expect(req.params.triggers?.price.toString()).toBe("58000")
    roundTrip(
      AddOrderResponse,
      `{"method":"add_order","req_id":10,"success":true,"result":{"order_id":"b3a1…-uuid",
        "cl_ord_id":"5e9c2f6a-2b1d-4a7e-9a55-0d2b7f3c1e11"},${T}}`
    )
  })

  it("writes decimal prices and sizes as exact JSON numbers", () => {
    const text = Schema.encodeSync(frame(AddOrderRequest))({
      method: "add_order",
      req_id: 11,
      params: {
        asset_class: "derivatives",
        order_type: "limit",
        side: "buy",
        symbol: "PF_XBTUSD",
        order_qty: new Decimal("0.1").plus("0.2"),
        limit_price: new Decimal("61000.123456789012345678"),
        post_only: true,
        time_in_force: "gtc",
        token: "tok"
      }
    })
    expect(text).toContain('"order_qty":0.3,')
    expect(text).toContain('"limit_price":61000.123456789012345678,')
    expect(text).not.toContain('"0.3"')
  })

  it("knows every order type the reference names and refuses others", () => {
    const types = [
      "limit",
      "market",
      "stop-loss",
      "stop-loss-limit",
      "take-profit",
      "take-profit-limit",
      "trailing-stop",
      "trailing-stop-limit"
    ]
    for (const t of types) {
      roundTrip(
        AddOrderRequest,
        `{"method":"add_order","params":{"asset_class":"derivatives","order_type":"${t}","side":"buy","symbol":"PF_ETHUSD",
          "order_qty":1,"triggers":{"price":1.5,"price_type":"pct"},"token":"t"}}`
      )
    }
    refuses(
      AddOrderRequest,
      '{"method":"add_order","params":{"asset_class":"derivatives","order_type":"iceberg","side":"buy","symbol":"X","order_qty":1,"token":"t"}}'
    )
    refuses(
      AddOrderRequest,
      '{"method":"add_order","params":{"order_type":"limit","side":"buy","symbol":"X","order_qty":1,"token":"t"}}'
    )
  })

  it("round-trips amend_order and refuses both or neither id", () => {
    const req = roundTrip(
      AmendOrderRequest,
      `{"method":"amend_order","req_id":12,"params":{"order_id":"e66851e7-8721-50ed-bf43-5e6a2ddff423","order_qty":0.02,
        "limit_price":61010.5,"asset_class":"derivatives","token":"t"}}`
    )
    expect(req.params.limit_price?.toString()).toBe("61010.5")
    roundTrip(
      AmendOrderResponse,
      `{"method":"amend_order","req_id":12,"success":true,"result":{"amend_id":"","order_id":"e668"},${T}}`
    )
    refuses(
      AmendOrderRequest,
      '{"method":"amend_order","params":{"asset_class":"derivatives","token":"t","order_qty":1}}'
    )
    refuses(
      AmendOrderRequest,
      '{"method":"amend_order","params":{"order_id":"a","cl_ord_id":"b","asset_class":"derivatives","token":"t"}}'
    )
  })

  it("round-trips cancel_order and refuses both id lists", () => {
    roundTrip(
      CancelOrderRequest,
      '{"method":"cancel_order","req_id":13,"params":{"cl_ord_id":["a","b"],"asset_class":"derivatives","token":"t"}}'
    )
    roundTrip(
      CancelOrderResponse,
      `{"method":"cancel_order","req_id":13,"success":true,"result":{"cl_ord_id":"a"},${T}}`
    )
    refuses(
      CancelOrderRequest,
      '{"method":"cancel_order","params":{"order_id":["a"],"cl_ord_id":["b"],"asset_class":"derivatives","token":"t"}}'
    )
    refuses(
      CancelOrderRequest,
      '{"method":"cancel_order","params":{"order_id":[],"asset_class":"derivatives","token":"t"}}'
    )
  })

  it("round-trips cancel_all and the dead man's switch", () => {
    roundTrip(
      CancelAllRequest,
      '{"method":"cancel_all","req_id":14,"params":{"asset_class":"derivatives","token":"t"}}'
    )
    const all = roundTrip(
      CancelAllResponse,
      `{"method":"cancel_all","req_id":14,"success":true,"result":{"count":1},${T}}`
    )
    expect(all.success && all.result.count).toBe(1)
    roundTrip(
      CancelAllOrdersAfterRequest,
      '{"method":"cancel_all_orders_after","req_id":15,"params":{"timeout":60,"asset_class":"derivatives","token":"t"}}'
    )
    roundTrip(
      CancelAllOrdersAfterResponse,
      `{"method":"cancel_all_orders_after","req_id":15,"success":true,
        "result":{"currentTime":"2026-09-01T12:00:00Z","triggerTime":"2026-09-01T12:01:00Z"},${T}}`
    )
    refuses(CancelAllOrdersAfterRequest, '{"method":"cancel_all_orders_after","params":{"timeout":-1,"token":"t"}}')
  })

  it("round-trips batch_add and enforces 2 to 15 legs", () => {
    const leg = (i: number) =>
      `{"order_type":"limit","side":"buy","order_qty":0.001,"limit_price":${60000 + i}.5,"cl_ord_id":"leg-${i}"}`
    const batch = (n: number) =>
      `{"method":"batch_add","req_id":16,"params":{"asset_class":"derivatives","symbol":"PF_XBTUSD","token":"t",
        "orders":[${Array.from({ length: n }, (_, i) => leg(i)).join(",")}]}}`
    const req = roundTrip(BatchAddRequest, batch(2))
    expect(req.params.orders[1]?.limit_price?.toString()).toBe("60001.5")
    roundTrip(BatchAddRequest, batch(15))
    refuses(BatchAddRequest, batch(1))
    refuses(BatchAddRequest, batch(16))
    roundTrip(
      BatchAddResponse,
      `{"method":"batch_add","req_id":16,"success":true,"result":[{"order_id":"a","cl_ord_id":"leg-0"},
        {"order_id":"b","cl_ord_id":"leg-1"}],${T}}`
    )
  })
})
