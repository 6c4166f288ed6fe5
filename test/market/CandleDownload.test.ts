import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema, TestClock } from "effect"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { makeSpotRestClient, SpotRest } from "../../src/exchange/kraken/client/SpotRestClient.ts"
import { SpotOhlcRow } from "../../src/exchange/kraken/wire/spot/Ohlc.ts"
import {
  CandleDownloadFailed,
  closedBarsFromOhlc,
  downloadCandles,
  OHLC_SETTLE_MS
} from "../../src/market/CandleDownload.ts"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { type OhlcRow, type SpotScript, spotRestServer } from "../support/kraken/SpotRestServer.ts"

const HOUR = 3_600_000
const T0 = Date.UTC(2024, 0, 1)
const BTC = SpotSymbol.make("BTC/USD")

/** `n` hourly rows from T0 as Kraken sends them; bar i closes at 100 + i. */
const hourlyRows = (n: number): ReadonlyArray<OhlcRow> =>
  Array.from({ length: n }, (_, i) => [
    (T0 + i * HOUR) / 1000,
    `${99 + i}`,
    `${101 + i}.5`,
    `${98 + i}`,
    `${100 + i}`,
    `${100 + i}`,
    `1.25${i}`,
    3
  ])

const storage = RepositoriesLive.pipe(
  Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

/** A loopback Kraken serving `script`, the public Spot REST client on it and an empty database. */
const withKraken = <A, E>(
  script: SpotScript,
  body: (
    server: Effect.Effect.Success<ReturnType<typeof spotRestServer>>
  ) => Effect.Effect<A, E, SpotRest | CandleRepository>
) =>
  Effect.gen(function* () {
    const server = yield* spotRestServer(script)
    const client = yield* makeSpotRestClient({ baseUrl: server.url, credentials: Option.none() })
    return yield* body(server).pipe(Effect.provideService(SpotRest, client), Effect.provide(storage))
  }).pipe(Effect.provide(FetchHttpClient.layer))

describe("closedBarsFromOhlc", () => {
  const decoded = hourlyRows(4).map((row) => Schema.decodeUnknownSync(SpotOhlcRow)(row))

  it("keeps a newest row closed long ago: a venue without a forming row (the simulator) loses no bar", () => {
    const series = closedBarsFromOhlc(BTC, "1h", decoded, T0, T0 + 100 * HOUR)
    expect(series.length).toBe(4)
  })

  it("drops Kraken's newest row when our clock closed it less than a minute ago: Kraken may still be forming it", () => {
    const series = closedBarsFromOhlc(BTC, "1h", decoded, T0, T0 + 4 * HOUR + OHLC_SETTLE_MS - 1)
    expect(Array.from(series.openTime.subarray(0, series.length))).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR])
    expect([series.open[0], series.high[0], series.low[0], series.close[2], series.volume[1]]).toEqual([
      99, 101.5, 98, 102, 1.251
    ])
  })

  it("drops bars before the start and bars the clock has not closed", () => {
    const series = closedBarsFromOhlc(BTC, "1h", decoded, T0 + HOUR, T0 + 2 * HOUR + HOUR - 1)
    expect(Array.from(series.openTime.subarray(0, series.length))).toEqual([T0 + HOUR])
  })
})

describe("downloadCandles", () => {
  it.scoped("pages on last from the start and stores only the closed bars", () =>
    withKraken({ ohlc: { XBTUSD: hourlyRows(10) }, ohlcPageSize: 3 }, (server) =>
      Effect.gen(function* () {
        // Bar 9 is forming: it opened at T0 + 9h and the clock is inside it
        yield* TestClock.setTime(T0 + 9 * HOUR + 60_000)
        const outcome = yield* downloadCandles(BTC, "1h", T0 + 2 * HOUR)
        expect(outcome).toEqual({
          symbol: "BTC/USD",
          timeframe: "1h",
          stored: 7,
          requestedFrom: T0 + 2 * HOUR,
          firstOpenTime: T0 + 2 * HOUR,
          lastOpenTime: T0 + 8 * HOUR
        })
        const sinces = server.requests.map((r) => [r.query.get("pair"), r.query.get("interval"), r.query.get("since")])
        expect(sinces[0]).toEqual(["XBTUSD", "60", String((T0 + 2 * HOUR) / 1000 - 1)])
        expect(sinces.length).toBeGreaterThan(3)
        const stored = yield* (yield* CandleRepository).range("BTC/USD", "1h", { from: 0, to: T0 + 100 * HOUR })
        expect(stored.map((c) => [c.openTime, c.close])).toEqual(
          [2, 3, 4, 5, 6, 7, 8].map((i) => [T0 + i * HOUR, 100 + i])
        )
      })
    )
  )

  it.scoped("reports the first bar Kraken had when it holds nothing as old as the start", () =>
    withKraken({ ohlc: { XBTUSD: hourlyRows(5) } }, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0 + 4 * HOUR + 1)
        const outcome = yield* downloadCandles(BTC, "1h", T0 - 48 * HOUR + 1)
        expect(outcome.requestedFrom).toBe(T0 - 47 * HOUR)
        expect(outcome.firstOpenTime).toBe(T0)
        expect(outcome.stored).toBe(4)
      })
    )
  )

  it.scoped("fails naming the symbol and timeframe when Kraken refuses the pair, storing nothing", () =>
    withKraken({ ohlc: {} }, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0 + 10 * HOUR)
        const error = yield* Effect.flip(downloadCandles(SpotSymbol.make("ETH/USD"), "4h", T0))
        expect(error).toBeInstanceOf(CandleDownloadFailed)
        expect(error.message).toMatch(/^download of ETH\/USD 4h bars from Kraken failed: .*EQuery:Unknown asset pair$/)
        expect(yield* (yield* CandleRepository).count("ETH/USD", "4h")).toBe(0)
      })
    )
  )
})
