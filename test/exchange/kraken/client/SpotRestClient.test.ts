import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, TestClock } from "effect"
import { fileNonceStore } from "../../../../src/exchange/kraken/client/NonceStore.ts"
import { makeSpotRestClient } from "../../../../src/exchange/kraken/client/SpotRestClient.ts"
import {
  type OhlcRow,
  type SpotScript,
  spotRestServer,
  TEST_API_KEY,
  TEST_API_SECRET
} from "../../../support/kraken/SpotRestServer.ts"

const tempFile = Effect.promise(() => mkdtemp(join(tmpdir(), "nonce-"))).pipe(
  Effect.map((d) => join(d, "kraken-nonce"))
)

const clientFor = (url: string, nonceFile: string, apiKey = TEST_API_KEY) =>
  Effect.gen(function* () {
    const nonces = yield* fileNonceStore(nonceFile)
    return yield* makeSpotRestClient({
      baseUrl: url,
      credentials: Option.some({ apiKey: Redacted.make(apiKey), apiSecret: TEST_API_SECRET, nonces })
    })
  }).pipe(Effect.provide(FetchHttpClient.layer))

const withServer = (script: SpotScript = {}) =>
  Effect.gen(function* () {
    const server = yield* spotRestServer(script)
    const file = yield* tempFile
    return { server, file, client: yield* clientFor(server.url, file) }
  })

const rows = (n: number): ReadonlyArray<OhlcRow> =>
  Array.from({ length: n }, (_, i) => [
    1_700_000_000 + i * 900,
    "0.1",
    "0.3",
    "0.05",
    `0.2${i}`,
    "0.15",
    "12.345678901234567",
    7
  ])

describe("SpotRestClient", () => {
  it.scoped("K01 GetWebSocketsToken carries an API-Sign the venue verifies and returns the token", () =>
    Effect.gen(function* () {
      const { server, client } = yield* withServer()
      const token = yield* client.webSocketsToken
      expect(token).toEqual({ token: "token-1", expires: 900 })
      expect(server.requests[0]?.headers["content-type"]).toContain("application/x-www-form-urlencoded")
      expect(server.requests[0]?.body).toMatch(/^nonce=\d+$/)
    })
  )

  it.scoped("K02 nonces stay strictly increasing across a restart even when the clock steps back", () =>
    Effect.gen(function* () {
      const server = yield* spotRestServer()
      const file = yield* tempFile
      yield* TestClock.setTime(5_000_000)
      const first = yield* clientFor(server.url, file)
      yield* first.webSocketsToken
      yield* first.webSocketsToken
      // "Restart": a new store reads the file while the clock is now far behind the persisted nonce.
      yield* TestClock.setTime(1_000)
      const restarted = yield* clientFor(server.url, file)
      yield* restarted.webSocketsToken
      expect(server.nonces).toEqual([5_000_000n, 5_000_001n, 5_000_002n])
      expect(server.tokensIssued()).toBe(3)
    })
  )

  it.scoped("K03 a corrupt nonce file fails the token request instead of guessing", () =>
    Effect.gen(function* () {
      const server = yield* spotRestServer()
      const file = yield* tempFile
      yield* Effect.promise(() => writeFile(file, "garbage"))
      const error = yield* Effect.flip(fileNonceStore(file))
      expect(error._tag).toBe("Transient")
      expect(error.message).toContain(file)
      expect(server.requests).toHaveLength(0)
    })
  )

  it.scoped("K04 a refused key and a replayed nonce map to AuthFailed with Kraken's reason", () =>
    Effect.gen(function* () {
      const server = yield* spotRestServer()
      const file = yield* tempFile
      const wrongKey = yield* clientFor(server.url, file, "someone-else")
      const refused = yield* Effect.flip(wrongKey.webSocketsToken)
      expect(refused).toMatchObject({ _tag: "AuthFailed", reason: "EAPI:Invalid key" })
      const good = yield* clientFor(server.url, file)
      yield* good.webSocketsToken
      // A second process on the same key with a stale nonce file.
      yield* Effect.promise(() => writeFile(file, "0"))
      const stale = yield* clientFor(server.url, file)
      const replay = yield* Effect.flip(stale.webSocketsToken)
      expect(replay).toMatchObject({ _tag: "AuthFailed", reason: "EAPI:Invalid nonce" })
    })
  )

  it.scoped("K05 OHLC pages with since/last until last stops advancing, decimals exact", () =>
    Effect.gen(function* () {
      const { server, client } = yield* withServer({ ohlc: { XXBTZUSD: rows(10) }, ohlcPageSize: 4 })
      const result = yield* client.ohlcSince("XXBTZUSD", 15, 0, 10)
      expect(result.candles.map((c) => c.time)).toEqual(rows(10).map((r) => r[0]))
      expect(result.candles[0]?.volume.toString()).toBe("12.345678901234567")
      expect(result.last).toBe(rows(10)[9]?.[0])
      expect(server.requests.map((r) => r.query.get("since"))).toEqual([
        "0",
        String(rows(10)[3]?.[0]),
        String(rows(10)[7]?.[0]),
        String(rows(10)[9]?.[0])
      ])
    })
  )

  it.scoped("K06 OHLC paging stops at maxPages", () =>
    Effect.gen(function* () {
      const { server, client } = yield* withServer({ ohlc: { XXBTZUSD: rows(10) }, ohlcPageSize: 2 })
      const result = yield* client.ohlcSince("XXBTZUSD", 15, 0, 2)
      expect(result.candles).toHaveLength(4)
      expect(server.requests).toHaveLength(2)
    })
  )

  it.scoped("K07 HTTP 429 is RateLimited, 5xx is Transient, a bad field is a decode error naming it", () =>
    Effect.gen(function* () {
      const { client } = yield* withServer({
        override: {
          "/0/public/Ticker": { status: 429, body: "{}" },
          "/0/public/AssetPairs": { status: 502, body: "bad gateway" },
          "/0/public/OHLC": {
            status: 200,
            body: JSON.stringify({ error: [], result: { XXBTZUSD: [[1, "x", "1", "1", "1", "1", "1", 1]], last: 1 } })
          }
        }
      })
      expect((yield* Effect.flip(client.ticker(["XXBTZUSD"])))._tag).toBe("RateLimited")
      expect((yield* Effect.flip(client.assetPairs))._tag).toBe("Transient")
      const decode = yield* Effect.flip(client.ohlc("XXBTZUSD", 15))
      expect(decode._tag).toBe("ExchangeDecodeError")
      // Row 0, field 1 (the open "x")
      expect(decode._tag === "ExchangeDecodeError" ? decode.field : "").toBe("result.XXBTZUSD.0.1")
    })
  )

  it.scoped("K08 a Kraken service error is Transient; any other Kraken error keeps its text", () =>
    Effect.gen(function* () {
      const { client } = yield* withServer({
        override: { "/0/public/Ticker": { status: 200, body: JSON.stringify({ error: ["EService:Unavailable"] }) } }
      })
      expect(yield* Effect.flip(client.ticker(["XXBTZUSD"]))).toMatchObject({
        _tag: "Transient",
        reason: "EService:Unavailable"
      })
      expect((yield* Effect.flip(client.ohlc("NOPE", 15))).message).toContain("EQuery:Unknown asset pair")
    })
  )

  it.scoped("K09 AssetPairs and Ticker decode into exact decimals", () =>
    Effect.gen(function* () {
      const { client } = yield* withServer({
        assetPairs: {
          XXBTZUSD: {
            altname: "XBTUSD",
            wsname: "XBT/USD",
            base: "XXBT",
            quote: "ZUSD",
            pair_decimals: 1,
            lot_decimals: 8,
            ordermin: "0.0001"
          }
        },
        ticker: {
          XXBTZUSD: {
            a: ["61000.1", "1", "1.000"],
            b: ["61000.0", "2", "2.000"],
            c: ["61000.05", "0.1"],
            v: ["10", "20.5"],
            p: ["60000", "60500"],
            t: [5, 10],
            l: ["59000", "58000"],
            h: ["62000", "63000"],
            o: "60000.0"
          }
        }
      })
      const pairs = yield* client.assetPairs
      expect(pairs.XXBTZUSD?.ordermin?.toString()).toBe("0.0001")
      const ticker = yield* client.ticker(["XXBTZUSD"])
      expect(ticker.XXBTZUSD?.c[0].toString()).toBe("61000.05")
    })
  )
})
