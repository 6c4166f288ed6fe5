import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { SpotRestError } from "../../../../../src/exchange/kraken/wire/Errors.ts"
import { frame } from "../../../../../src/exchange/kraken/wire/Json.ts"
import { AssetPairsResponse, AssetPairsResult } from "../../../../../src/exchange/kraken/wire/spot/AssetPairs.ts"
import { SpotOhlcResponse, SpotOhlcResult } from "../../../../../src/exchange/kraken/wire/spot/Ohlc.ts"
import { decodeSpotResponse, KrakenSpotApiError } from "../../../../../src/exchange/kraken/wire/spot/SpotResponse.ts"
import { SpotTickerResponse, SpotTickerResult } from "../../../../../src/exchange/kraken/wire/spot/Ticker.ts"
import {
  WebSocketsToken,
  WebSocketsTokenResponse
} from "../../../../../src/exchange/kraken/wire/spot/WebSocketsToken.ts"
import { refuses, roundTrip } from "../roundTrip.ts"

const OHLC = `{"error":[],"result":{"XXBTZUSD":[
  [1767225600,"61000.1","61100.0","60900.5","61050.2","61010.3","12.34567890",321],
  [1767229200,"61050.2","61200.0","61000.0","61150.0","61100.0","3.00000001",45]],"last":1767229200}}`

describe("Spot REST responses", () => {
  it("decodes a GetWebSocketsToken result", () => {
    const token = Either.getOrThrow(
      decodeSpotResponse(
        "GetWebSocketsToken",
        WebSocketsToken
      )('{"error": [], "result": {"token": "1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw", "expires": 900}}')
    )
    expect(token).toEqual({ token: "1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw", expires: 900 })
    roundTrip(WebSocketsTokenResponse, '{"error":[],"result":{"token":"abc","expires":900}}')
  })

  it("fails with the endpoint and Kraken's error string when error is non-empty", () => {
    for (const kraken of [SpotRestError.invalidNonce, SpotRestError.invalidKey, SpotRestError.permissionDenied]) {
      const result = decodeSpotResponse("GetWebSocketsToken", WebSocketsToken)(`{"error":["${kraken}"]}`)
      const error = Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))
      expect(error).toBeInstanceOf(KrakenSpotApiError)
      expect(error?._tag === "KrakenSpotApiError" && error.errors).toEqual([kraken])
      expect(error?.message).toBe(`Kraken Spot GetWebSocketsToken failed: ${kraken}`)
    }
  })

  it("prefers Kraken's error over an empty result, and refuses a body with neither", () => {
    const withEmpty = decodeSpotResponse("OHLC", SpotOhlcResult)('{"error":["EQuery:Unknown asset pair"],"result":{}}')
    expect(Either.isLeft(withEmpty) && withEmpty.left._tag).toBe("KrakenSpotApiError")
    const neither = decodeSpotResponse("OHLC", SpotOhlcResult)('{"error":[]}')
    expect(Either.isLeft(neither) && neither.left.message).toBe(
      "Kraken Spot OHLC returned neither a result nor an error"
    )
  })

  it("names the field when a result does not decode", () => {
    const bad = decodeSpotResponse(
      "GetWebSocketsToken",
      WebSocketsToken
    )('{"error":[],"result":{"token":5,"expires":900}}')
    expect(Either.isLeft(bad) && bad.left._tag === "KrakenDecodeError" && bad.left.path).toBe("result.token")
    expect(Either.isLeft(bad) && bad.left.message).toContain("GetWebSocketsToken at result.token")
  })

  it("decodes OHLC into pair, exact candles and last, and re-encodes Kraken's strings", () => {
    const ohlc = Either.getOrThrow(decodeSpotResponse("OHLC", SpotOhlcResult)(OHLC))
    expect(ohlc.pair).toBe("XXBTZUSD")
    expect(ohlc.last).toBe(1767229200)
    expect(ohlc.candles.map((c) => c.time)).toEqual([1767225600, 1767229200])
    expect(ohlc.candles[0]?.volume.plus(ohlc.candles[1]?.volume ?? 0).toString()).toBe("15.34567891")
    expect(ohlc.candles[1]?.count).toBe(45)
    roundTrip(SpotOhlcResponse, OHLC, "value")
    const served = Schema.encodeSync(frame(SpotOhlcResponse))({ error: [], result: ohlc })
    expect(served).toContain('"XXBTZUSD":[[1767225600,"61000.1","61100","60900.5"')
    expect(served).toContain(',"last":1767229200}')
  })

  it("refuses an OHLC result with two pairs or without last", () => {
    refuses(SpotOhlcResponse, '{"error":[],"result":{"A":[],"B":[],"last":1}}')
    refuses(SpotOhlcResponse, '{"error":[],"result":{"A":[]}}')
    refuses(SpotOhlcResponse, '{"error":[],"result":{"A":[[1,"1","1","1","1","1","1"]],"last":1}}')
  })

  it("round-trips AssetPairs with exact minimums and fee tiers", () => {
    const text = `{"error":[],"result":{"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","aclass_base":"currency",
      "base":"XXBT","aclass_quote":"currency","quote":"ZUSD","pair_decimals":1,"cost_decimals":5,"lot_decimals":8,
      "lot_multiplier":1,"leverage_buy":[2,3,4,5],"leverage_sell":[2,3,4,5],"fees":[[0,0.4],[10000,0.35]],
      "fees_maker":[[0,0.25]],"fee_volume_currency":"ZUSD","margin_call":80,"margin_stop":40,"ordermin":"0.0001",
      "costmin":"0.5","tick_size":"0.1","status":"online","long_position_limit":270,"short_position_limit":180},
      "SOLUSD":{"altname":"SOLUSD","base":"SOL","quote":"ZUSD","pair_decimals":2,"lot_decimals":8,"ordermin":"0.02"}}}`
    const r = roundTrip(AssetPairsResponse, text)
    expect(r.result?.XXBTZUSD?.ordermin?.toString()).toBe("0.0001")
    expect(r.result?.XXBTZUSD?.fees?.[1]?.[1].toString()).toBe("0.35")
    expect(Either.getOrThrow(decodeSpotResponse("AssetPairs", AssetPairsResult)(text)).SOLUSD?.altname).toBe("SOLUSD")
  })

  it("round-trips Ticker with string decimals and integer trade counts", () => {
    const text = `{"error":[],"result":{"XXBTZUSD":{"a":["61001.0","1","1.000"],"b":["61000.9","2","2.000"],
      "c":["61001.0","0.0015"],"v":["100.5","250.75"],"p":["60950.1","60900.2"],"t":[1200,3400],
      "l":["60000.0","59900.0"],"h":["61500.0","61600.0"],"o":"60500.0"}}}`
    const r = roundTrip(SpotTickerResponse, text, "value")
    const t = r.result?.XXBTZUSD
    expect(t?.a[0].minus(t.b[0]).toString()).toBe("0.1")
    expect(t?.t).toEqual([1200, 3400])
    expect(Either.isRight(decodeSpotResponse("Ticker", SpotTickerResult)(text))).toBe(true)
  })
})
