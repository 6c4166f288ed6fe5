import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { invalidArguments, UwsError } from "../../../../src/exchange/kraken/wire/Errors.ts"
import { decodeClientFrame, decodeServerFrame } from "../../../../src/exchange/kraken/wire/Incoming.ts"

const server = (text: string) => Either.getOrThrow(decodeServerFrame(text))
const client = (text: string) => Either.getOrThrow(decodeClientFrame(text))

describe("server frames", () => {
  it("routes channel data and method responses to their schemas", () => {
    const heartbeat = server('{"channel":"heartbeat"}')
    expect("channel" in heartbeat && heartbeat.channel).toBe("heartbeat")
    const positions = server(
      '{"channel":"positions","type":"update","data":{"futures":[{"symbol":"PF_XBTUSD","size":0,"entry_price":0}],"options":[]}}'
    )
    expect(positions).toMatchObject({ channel: "positions", type: "update" })
    const margin = server('{"channel":"margin","type":"single_collateral","data":[{"currency":"USD","pnl":-1.5}]}')
    expect("channel" in margin && margin.channel === "margin" && margin.data[0]?.pnl?.toString()).toBe("-1.5")
    const ack = server(
      '{"method":"cancel_all","req_id":3,"success":true,"result":{"count":2},"time_in":"t","time_out":"t"}'
    )
    expect("method" in ack && ack.method === "cancel_all" && ack.success && ack.result.count).toBe(2)
    const pong = server('{"method":"pong","req_id":4}')
    expect("method" in pong && pong.method).toBe("pong")
  })

  it("names the field of a malformed frame", () => {
    const bad = decodeServerFrame('{"channel":"ticker","type":"update","data":[{"symbol":"X","bid":"abc"}]}')
    expect(Either.isLeft(bad) && bad.left.path).toBe("data.0.bid")
    expect(Either.isLeft(bad) && bad.left.message).toContain("server frame at data.0.bid")
  })

  it("refuses an unknown channel or method and broken JSON", () => {
    expect(Either.isLeft(decodeServerFrame('{"channel":"book","type":"update","data":[]}'))).toBe(true)
    expect(Either.isLeft(decodeServerFrame('{"method":"edit_order","success":true,"result":{}}'))).toBe(true)
    const broken = decodeServerFrame('{"channel":')
    expect(Either.isLeft(broken) && broken.left.path).toBe("")
  })
})

describe("client frames", () => {
  it("decodes every method the adapter sends", () => {
    const methods = [
      '{"method":"ping","req_id":1}',
      '{"method":"subscribe","params":{"channel":"margin","asset_class":"derivatives","token":"t"},"req_id":2}',
      '{"method":"unsubscribe","params":{"channel":"ticker","asset_class":"derivatives","symbol":["PF_XBTUSD"]}}',
      '{"method":"add_order","params":{"asset_class":"derivatives","order_type":"market","side":"buy","symbol":"PF_XBTUSD","order_qty":0.001,"token":"t"}}',
      '{"method":"amend_order","params":{"cl_ord_id":"c","trigger_price":58000.5,"asset_class":"derivatives","token":"t"}}',
      '{"method":"cancel_order","params":{"order_id":["e66851e7-8721-50ed-bf43-5e6a2ddff423"],"asset_class":"derivatives","token":"t"}}',
      '{"method":"cancel_all","params":{"asset_class":"derivatives","token":"t"}}',
      '{"method":"cancel_all_orders_after","params":{"timeout":0,"token":"t"}}',
      `{"method":"batch_add","params":{"asset_class":"derivatives","symbol":"PF_XBTUSD","token":"t","orders":[
        {"order_type":"limit","side":"buy","order_qty":1,"limit_price":1.5},{"order_type":"market","side":"sell","order_qty":1}]}}`
    ].map((text) => client(text).method)
    expect(methods).toEqual([
      "ping",
      "subscribe",
      "unsubscribe",
      "add_order",
      "amend_order",
      "cancel_order",
      "cancel_all",
      "cancel_all_orders_after",
      "batch_add"
    ])
  })

  it("gives the simulator the field to report as invalid arguments", () => {
    const bad = decodeClientFrame(
      '{"method":"add_order","params":{"asset_class":"derivatives","order_type":"limit","side":"long","symbol":"X","order_qty":1,"token":"t"}}'
    )
    expect(Either.isLeft(bad) && invalidArguments(bad.left.path)).toBe(`${UwsError.invalidArguments}:params.side`)
  })
})
