import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, Layer, Option, Redacted, TestClock } from "effect"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { TIMEFRAMES } from "../../src/domain/Timeframe.ts"
import { memoryNonceStore } from "../../src/exchange/kraken/client/NonceStore.ts"
import { makeSpotRestClient } from "../../src/exchange/kraken/client/SpotRestClient.ts"
import { decodeFrame, KrakenDecodeError } from "../../src/exchange/kraken/wire/DecodeError.ts"
import { ChartsResult } from "../../src/exchange/kraken/wire/futures/Charts.ts"
import { decodeFuturesResponse, KrakenFuturesApiError } from "../../src/exchange/kraken/wire/futures/FuturesResponse.ts"
import { InstrumentsSuccess } from "../../src/exchange/kraken/wire/futures/Instruments.ts"
import { parseFrame, stringifyFrame } from "../../src/exchange/kraken/wire/Json.ts"
import { SpotOhlcResult } from "../../src/exchange/kraken/wire/spot/Ohlc.ts"
import { decodeSpotResponse, KrakenSpotApiError } from "../../src/exchange/kraken/wire/spot/SpotResponse.ts"
import { WebSocketsToken } from "../../src/exchange/kraken/wire/spot/WebSocketsToken.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { syncCandles } from "../../src/market/CandleSync.ts"
import { MarketDataSource } from "../../src/market/MarketDataSource.ts"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import type { LoopbackResponse } from "../support/kraken/HttpServer.ts"
import { type OhlcRow, spotRestServer, TEST_API_KEY, TEST_API_SECRET } from "../support/kraken/SpotRestServer.ts"
import { FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"
import { hostileValue, leafPaths, related, replaceAt } from "./jsonPaths.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }

type Decoded = Either.Either<unknown, KrakenDecodeError | KrakenSpotApiError | KrakenFuturesApiError>

/** Valid bodies of the REST endpoints the system reads, with the decoder the client applies to each. */
const BODIES: ReadonlyArray<{ readonly name: string; readonly text: string; readonly decode: (t: string) => Decoded }> =
  [
    {
      name: "spot OHLC",
      text: '{"error":[],"result":{"XXBTZUSD":[[1767225600,"61000.1","61100.0","60900.5","61050.2","61010.3","12.3456789",321],[1767229200,"61050.2","61200.0","61000.0","61150.0","61100.0","3.00000001",45]],"last":1767229200}}',
      decode: decodeSpotResponse("/0/public/OHLC", SpotOhlcResult)
    },
    {
      name: "spot GetWebSocketsToken",
      text: '{"error":[],"result":{"token":"1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw","expires":900}}',
      decode: decodeSpotResponse("/0/private/GetWebSocketsToken", WebSocketsToken)
    },
    {
      name: "derivatives instruments",
      text: '{"result":"success","serverTime":"2024-06-10T12:00:00.000Z","instruments":[{"symbol":"PF_XBTUSD","type":"flexible_futures","tradeable":true,"tickSize":0.5,"contractSize":1,"marginLevels":[{"numNonContractUnits":0,"initialMargin":0.02,"maintenanceMargin":0.01}]}]}',
      decode: decodeFuturesResponse("instruments", InstrumentsSuccess)
    },
    {
      name: "derivatives charts",
      text: '{"candles":[{"time":1767225600000,"open":"61000.1","high":"61100","low":"60900.5","close":"61050.2","volume":"12.5"}],"more_candles":false}',
      decode: decodeFrame(ChartsResult, "/api/charts/v1/trade/PF_XBTUSD/1h")
    }
  ]

// The envelope's discriminators: a member could not be chosen once they were hit.
const DISCRIMINATORS = ["", "result", "error"]

const expectTyped = (decoded: Decoded) => {
  if (Either.isRight(decoded)) return
  const e = decoded.left
  expect([KrakenDecodeError, KrakenSpotApiError, KrakenFuturesApiError].some((t) => e instanceof t)).toBe(true)
  expect(e.message.length).toBeGreaterThan(0)
}

describe("Kraken REST bodies through the adapter's decoders", () => {
  it("every valid body decodes", () => {
    for (const body of BODIES) expect(Either.isRight(body.decode(body.text)), body.name).toBe(true)
  })

  it("a hostile or missing field is a typed error naming it (or the venue's own error), never a throw", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BODIES),
        fc.nat(),
        fc.option(hostileValue, { nil: undefined, freq: 5 }),
        (body, pick, value) => {
          const tree = Either.getOrThrow(parseFrame(body.text))
          const paths = leafPaths(tree)
          const path = paths[pick % paths.length] ?? []
          const decoded = body.decode(stringifyFrame(replaceAt(tree, path, value)))
          expectTyped(decoded)
          if (Either.isLeft(decoded) && decoded.left._tag === "KrakenDecodeError") {
            const named = decoded.left.path
            expect(related(named, path) || DISCRIMINATORS.includes(named), `${body.name}: ${named} vs ${path}`).toBe(
              true
            )
          }
        }
      ),
      run
    )
  })

  it("a truncated body is a typed error", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BODIES), fc.nat(), (body, cut) => {
        const decoded = body.decode(body.text.slice(0, cut % body.text.length))
        expect(Either.isLeft(decoded), `${body.name} cut at ${cut % body.text.length}`).toBe(true)
        expectTyped(decoded)
      }),
      run
    )
  })
  it("a refusal quoting a huge value stays one bounded line", () => {
    const row = '[1767225600,"61000.1","61100.0","60900.5","61050.2","61010.3","12.3456789",321]'
    const body = `{"error":[],"result":{"XXBTZUSD":{"rows":[${Array(720).fill(row).join(",")}]},"last":1767225600}}`
    const decoded = decodeSpotResponse("/0/public/OHLC", SpotOhlcResult)(body)
    expect(Either.isLeft(decoded)).toBe(true)
    if (Either.isLeft(decoded)) {
      expect(decoded.left.message).toContain("result.XXBTZUSD")
      expect(decoded.left.message.length).toBeLessThan(500)
    }
  })
})

/** Hostile HTTP answers a REST endpoint can give. */
const HOSTILE_ANSWERS: ReadonlyArray<LoopbackResponse> = [
  { status: 200, body: '{"error":[],"result":{"token":"abc","expires":9' },
  { status: 200, body: "" },
  { status: 200, body: "<html><body>502 Bad Gateway</body></html>" },
  { status: 200, body: '{"error":[],"result":null}' },
  { status: 200, body: '{"error":[],"result":{"token":7,"expires":900}}' },
  { status: 200, body: '{"error":[],"result":{"token":"abc","expires":"NaN"}}' },
  { status: 200, body: '{"error":[],"result":{"token":"abc","expires":1e400}}' },
  { status: 200, body: '{"error":"EGeneral:Internal error"}' },
  { status: 200, body: '{"error":[42]}' },
  { status: 200, body: "[]" },
  { status: 500, body: "{" },
  { status: 429, body: "Too Many Requests" },
  { status: 404, body: "{}" }
]

const QUERY_ERRORS = ["RateLimited", "AuthFailed", "Transient", "ExchangeDecodeError"]

describe("Kraken REST over a loopback server answering hostile bodies", () => {
  it.live("every hostile answer is a typed query error and the next good call succeeds", () =>
    Effect.gen(function* () {
      const override: Record<string, LoopbackResponse> = {}
      const server = yield* spotRestServer({ override })
      const nonces = yield* memoryNonceStore
      const client = yield* makeSpotRestClient({
        baseUrl: server.url,
        credentials: Option.some({
          apiKey: Redacted.make(TEST_API_KEY),
          apiSecret: TEST_API_SECRET,
          nonces
        })
      })
      for (const answer of HOSTILE_ANSWERS) {
        override["/0/private/GetWebSocketsToken"] = answer
        const failed = yield* Effect.flip(client.webSocketsToken)
        expect(QUERY_ERRORS, `${answer.status} ${answer.body}`).toContain(failed._tag)
        if (failed._tag === "ExchangeDecodeError") expect(failed.message).toContain("GetWebSocketsToken")
        delete override["/0/private/GetWebSocketsToken"]
        const token = yield* client.webSocketsToken
        expect(token.token).toMatch(/^token-\d+$/)
      }
    }).pipe(Effect.provide(FetchHttpClient.layer), Effect.scoped)
  )

  const BTC = SpotSymbol.make("BTC/USD")
  const ETH = SpotSymbol.make("ETH/USD")
  const DAY_S = 86_400
  const T0_S = 1_767_225_600
  // Daily bars (a boundary of every timeframe, as the server ignores the interval) and the forming one
  const goodRows = (): Array<OhlcRow> =>
    Array.from({ length: 25 }, (_, i) => [T0_S - (24 - i) * DAY_S, "100", "101", "99", "100.5", "100", "1", 3])

  const HOSTILE_ROWS: ReadonlyArray<readonly [string, unknown]> = [
    ["a NaN close", "NaN"],
    ["an overflowing close", "1e400"],
    ["an empty close", ""],
    ["a boolean for a price", true],
    ["a null", null],
    ["a close above the high", "1000"]
  ]

  it.scoped(
    "a hostile OHLC row refuses that series alone and stores nothing of it; the next good answer is stored",
    () =>
      Effect.gen(function* () {
        const ohlc: Record<string, ReadonlyArray<OhlcRow>> = { XBTUSD: goodRows(), ETHUSD: goodRows() }
        const server = yield* spotRestServer({ ohlc })
        const layer = Layer.mergeAll(
          MarketDataSource.kraken({
            spotRestUrl: server.url,
            futuresRestUrl: server.url,
            symbols: [BTC, ETH],
            futuresFallback: false,
            limits: { capacity: 1000, refillPerSecond: 1000 }
          }),
          CandleStore.layer,
          RepositoriesLive.pipe(Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" })))
        )
        const now = (T0_S + 30 * 60) * 1000
        const history = { "15m": 30, "1h": 30, "4h": 30, "1d": 30 } as const
        yield* TestClock.setTime(now)
        for (const [what, value] of HOSTILE_ROWS) {
          const rows = goodRows()
          const bad: Array<unknown> = [...(rows[10] ?? [])]
          bad[4] = value
          rows[10] = bad as unknown as OhlcRow
          ohlc.XBTUSD = rows
          yield* Effect.gen(function* () {
            const report = yield* syncCandles([BTC, ETH], history, now)
            const refused = report.unavailable.filter((u) => u.symbol === BTC)
            expect(refused.length, what).toBeGreaterThan(0)
            // The refusal names the row and field, or the unsound bar
            for (const u of refused) expect(u.message, what).toMatch(/at result\.XBTUSD\.10\.4: |bar at /)
            expect(
              report.unavailable.every((u) => u.symbol === BTC),
              report.unavailable.map((u) => u.message).join("; ")
            ).toBe(true)
            const store = yield* CandleStore
            const repository = yield* CandleRepository
            for (const u of refused) {
              // Nothing half-way: neither memory nor the database holds a bar of a refused series
              expect((yield* store.series(BTC, u.timeframe, { asOfMs: now })).length, `${what} ${u.timeframe}`).toBe(0)
              expect(
                (yield* repository.range(BTC, u.timeframe, { from: 0, to: now })).length,
                `${what} ${u.timeframe}`
              ).toBe(0)
            }
            expect((yield* store.series(ETH, "1d", { asOfMs: now })).length, what).toBeGreaterThan(0)
            // The venue answers well again: the refused series is stored at the next sync
            ohlc.XBTUSD = goodRows()
            const again = yield* syncCandles([BTC, ETH], history, now)
            expect(again.unavailable, what).toEqual([])
            expect((yield* store.series(BTC, "1d", { asOfMs: now })).length, what).toBeGreaterThan(0)
          }).pipe(Effect.provide(layer))
        }
        expect(TIMEFRAMES.length).toBe(4)
      }).pipe(Effect.scoped),
    60_000
  )
})
