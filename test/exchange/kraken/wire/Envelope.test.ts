import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { FrameHeader, Heartbeat, Ping, Pong, StatusMessage } from "../../../../src/exchange/kraken/wire/Envelope.ts"
import { UwsError } from "../../../../src/exchange/kraken/wire/Errors.ts"
import { frame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { SubscribeRequest, SubscribeResponse } from "../../../../src/exchange/kraken/wire/Subscribe.ts"
import { AddOrderResponse } from "../../../../src/exchange/kraken/wire/trading/AddOrder.ts"
import { refuses, roundTrip } from "./roundTrip.ts"

describe("UWS envelope", () => {
  it("round-trips the reference's subscribe response", () => {
    const r = roundTrip(
      SubscribeResponse,
      `{"method": "subscribe", "req_id": 42, "success": true,
        "result": {"channel": "trade", "symbol": "PF_XBTUSD", "snapshot": false},
        "time_in": "2026-09-01T12:00:00.100000Z", "time_out": "2026-09-01T12:00:00.100400Z"}`
    )
    expect(r.success && r.result.symbol).toBe("PF_XBTUSD")
  })

  it("round-trips the reference's failure and exposes the error string", () => {
    const r = roundTrip(
      AddOrderResponse,
      `{"method":"add_order","req_id":43,"success":false,"error":"EOrder:Insufficient funds",
        "time_in":"2026-09-01T12:00:03.000000Z","time_out":"2026-09-01T12:00:03.000100Z"}`
    )
    expect(r.success ? "" : r.error).toBe(UwsError.insufficientFunds)
  })

  it("refuses a success without result and a failure without error", () => {
    refuses(AddOrderResponse, '{"method":"add_order","req_id":1,"success":true}')
    refuses(AddOrderResponse, '{"method":"add_order","req_id":1,"success":false}')
    refuses(AddOrderResponse, '{"method":"cancel_all","req_id":1,"success":true,"result":{"order_id":"x"}}')
  })

  it("encodes a subscribe request with its channel params", () => {
    const text = Schema.encodeSync(frame(SubscribeRequest))({
      method: "subscribe",
      params: { channel: "ticker", asset_class: "derivatives", symbol: ["PF_XBTUSD"] },
      req_id: 7
    })
    expect(JSON.parse(text)).toEqual({
      method: "subscribe",
      params: { channel: "ticker", asset_class: "derivatives", symbol: ["PF_XBTUSD"] },
      req_id: 7
    })
  })

  it("round-trips heartbeat, ping, pong and status", () => {
    roundTrip(Heartbeat, '{"channel":"heartbeat"}')
    roundTrip(Ping, '{"method":"ping","req_id":7}')
    roundTrip(Pong, '{"method":"pong","req_id":7,"time_in":"2026-09-01T12:00:00Z","time_out":"2026-09-01T12:00:00Z"}')
    const status = roundTrip(
      StatusMessage,
      '{"channel":"status","type":"update","data":[{"system":"online","api_version":"v2","connection_id":123,"version":"2.0.x"}]}'
    )
    expect(status.data[0]?.system).toBe("online")
  })

  it("keeps a connection id beyond 2^53 exact", () => {
    const status = Schema.decodeUnknownSync(frame(StatusMessage))(
      '{"channel":"status","type":"update","data":[{"system":"online","connection_id":18446744073709551615}]}'
    )
    expect(status.data[0]?.connection_id).toBe("18446744073709551615")
  })

  it("reads the routing header of any frame", () => {
    const header = Schema.decodeUnknownSync(frame(FrameHeader))
    expect(header('{"channel":"ticker","type":"update","data":[]}')).toEqual({ channel: "ticker", type: "update" })
    expect(header('{"method":"add_order","req_id":9,"success":false,"error":"x","time_in":"t"}')).toEqual({
      method: "add_order",
      req_id: 9,
      success: false,
      error: "x"
    })
  })
})
