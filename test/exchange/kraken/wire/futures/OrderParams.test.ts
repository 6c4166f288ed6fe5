import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  FuturesBatchOrderParams,
  FuturesCancelAllOrdersAfterParams,
  FuturesCancelOrderParams,
  FuturesEditOrderParams,
  FuturesSendOrderParams
} from "../../../../../src/exchange/kraken/wire/futures/OrderParams.ts"
import vectors from "../../fixtures/kraken-auth-vectors.json" with { type: "json" }

/** Form or query text as the simulator receives it, to the record the param schemas read. */
const form = (raw: string): Record<string, string> => Object.fromEntries(new URLSearchParams(raw))
const postDataOf = (id: string): string => {
  const v = vectors.rest.find((r) => r.id.startsWith(id))
  if (v === undefined) throw new Error(`vector ${id} missing`)
  return v.postData
}

describe("Derivatives REST v3 order parameters", () => {
  it("decodes the signed sendorder bodies of the vectors", () => {
    const limit = Schema.decodeUnknownSync(FuturesSendOrderParams)(form(postDataOf("rest-3")))
    expect(limit).toMatchObject({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", cliOrdId: "sim-order-0001" })
    expect(limit.size.toString()).toBe("0.001")
    const stop = Schema.decodeUnknownSync(FuturesSendOrderParams)(form(postDataOf("rest-4")))
    expect(stop).toMatchObject({ orderType: "stp", triggerSignal: "mark", reduceOnly: true })
    expect(stop.stopPrice?.toString()).toBe("2900")
  })

  it("refuses an order type without its price and an unknown type", () => {
    const decode = Schema.decodeUnknownEither(FuturesSendOrderParams)
    expect(Either.isLeft(decode(form("orderType=stp&symbol=PF_XBTUSD&side=sell&size=1")))).toBe(true)
    expect(Either.isLeft(decode(form("orderType=lmt&symbol=PF_XBTUSD&side=buy&size=1")))).toBe(true)
    expect(Either.isLeft(decode(form("orderType=iceberg&symbol=PF_XBTUSD&side=buy&size=1")))).toBe(true)
    expect(Either.isRight(decode(form("orderType=mkt&symbol=PF_XBTUSD&side=buy&size=1")))).toBe(true)
  })

  it("decodes cancelorder, editorder and cancelallordersafter, requiring exactly one id", () => {
    expect(Schema.decodeUnknownSync(FuturesCancelOrderParams)(form(postDataOf("rest-5"))).order_id).toBe(
      "3f1c8a2e-5b7d-4c1e-9a0b-2d6e8f4a1c3b"
    )
    expect(Either.isLeft(Schema.decodeUnknownEither(FuturesCancelOrderParams)(form("")))).toBe(true)
    const edit = Schema.decodeUnknownSync(FuturesEditOrderParams)(form("orderId=a&size=0.002&qtyMode=ABSOLUTE"))
    expect(edit.size?.toString()).toBe("0.002")
    expect(Either.isLeft(Schema.decodeUnknownEither(FuturesEditOrderParams)(form("orderId=a&cliOrdId=b")))).toBe(true)
    expect(Schema.decodeUnknownSync(FuturesCancelAllOrdersAfterParams)(form("timeout=60")).timeout).toBe(60)
    expect(Either.isLeft(Schema.decodeUnknownEither(FuturesCancelAllOrdersAfterParams)(form("timeout=-1")))).toBe(true)
  })

  it("decodes both batchorder encodings of the vectors to the same instructions", () => {
    const encoded = Schema.decodeUnknownSync(FuturesBatchOrderParams)(form(postDataOf("rest-6-")))
    const raw = Schema.decodeUnknownSync(FuturesBatchOrderParams)(form(postDataOf("rest-6b")))
    expect(raw).toEqual(encoded)
    const [send, cancel] = encoded.json.batchOrder
    expect(send?.order === "send" && send.size.toString()).toBe("0.001")
    expect(cancel?.order).toBe("cancel")
  })
})
