import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { TIMEFRAMES, type Timeframe } from "../../src/domain/Timeframe.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { syncCandles } from "../../src/market/CandleSync.ts"
import { CandlesUnavailable } from "../../src/market/CandlesUnavailable.ts"
import { type KrakenMarketDataOptions, makeKrakenMarketData } from "../../src/market/KrakenMarketData.ts"
import { MarketDataSource } from "../../src/market/MarketDataSource.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { type OhlcRow, spotRestServer } from "../support/kraken/SpotRestServer.ts"
import { DAY, HOUR, MINUTE, recordingHttp, simKraken, T0 } from "./support/SimKraken.ts"

const BTC = SpotSymbol.make("BTC/USD")
const ETH = SpotSymbol.make("ETH/USD")
const UNLIMITED = { capacity: 1000, refillPerSecond: 1000 }

const times = (s: CandleSeries) => Array.from(s.openTime.subarray(0, s.length))
const closes = (s: CandleSeries) => Array.from(s.close.subarray(0, s.length))

/** The source over the given URLs, with the wire recorded into `log`. */
const source = (log: Array<string>, options: Partial<KrakenMarketDataOptions> & { readonly url: string }) =>
  makeKrakenMarketData({
    spotRestUrl: options.url,
    futuresRestUrl: options.futuresRestUrl ?? options.url,
    symbols: [BTC, ETH],
    futuresFallback: options.futuresFallback ?? true,
    limits: UNLIMITED
  }).pipe(Effect.provide(recordingHttp(log)))

/** Moves the venue and the test clock to the same instant. */
const at = (venue: { advanceTo: (t: number) => unknown }, timeMs: number) =>
  Effect.zipRight(
    Effect.sync(() => venue.advanceTo(timeMs)),
    TestClock.setTime(timeMs)
  )

describe("MarketDataSource.kraken against the simulated venue", () => {
  it.scoped("serves each timeframe's closed spot bars exactly as the venue's history has them", () =>
    Effect.gen(function* () {
      const { market, venue, server } = yield* simKraken
      const now = T0 + 2 * HOUR + 5 * MINUTE
      yield* at(venue, now)
      const data = yield* source([], { url: server.url })
      for (const timeframe of TIMEFRAMES) {
        const from = now - 3 * DAY
        const got = yield* data.closedCandles(BTC, timeframe, from, now)
        const want = market.candles(BTC, timeframe, from, now)
        expect(got.length, timeframe).toBeGreaterThan(1)
        expect(times(got), timeframe).toEqual(times(want))
        expect(closes(got), timeframe).toEqual(closes(want))
      }
    })
  )

  it.scoped("answers from cache until a bar closes, then fetches only from the newest bar held", () =>
    Effect.gen(function* () {
      const { market, venue, server } = yield* simKraken
      const log: Array<string> = []
      const data = yield* source(log, { url: server.url })
      const from = T0 - DAY
      yield* at(venue, T0 + 2 * HOUR + 5 * MINUTE)
      const first = yield* data.closedCandles(BTC, "1h", from, T0 + 2 * HOUR + 5 * MINUTE)
      expect(log).toEqual([`/0/public/OHLC?pair=XBTUSD&interval=60&since=${(T0 - DAY) / 1000 - 1}`])

      yield* at(venue, T0 + 2 * HOUR + 50 * MINUTE)
      const cached = yield* data.closedCandles(BTC, "1h", from, T0 + 2 * HOUR + 50 * MINUTE)
      expect(log).toHaveLength(1)
      expect(times(cached)).toEqual(times(first))

      yield* at(venue, T0 + 3 * HOUR + 5 * MINUTE)
      const next = yield* data.closedCandles(BTC, "1h", from, T0 + 3 * HOUR + 5 * MINUTE)
      expect(log[1]).toBe(`/0/public/OHLC?pair=XBTUSD&interval=60&since=${(T0 + HOUR) / 1000 - 1}`)
      expect(times(next)).toEqual([...times(first), T0 + 2 * HOUR])
      expect(closes(next)).toEqual(closes(market.candles(BTC, "1h", from, T0 + 3 * HOUR)))
    })
  )

  it.scoped("asks again within a minute of a boundary when the venue has not shown that bar yet", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simKraken
      const log: Array<string> = []
      const data = yield* source(log, { url: server.url })
      // The newest row closed 30 s ago: it may still be Kraken's forming bar, so it is not taken yet
      yield* at(venue, T0 + 2 * HOUR + 30_000)
      const early = yield* data.closedCandles(BTC, "1h", T0 - DAY, T0 + 2 * HOUR + 30_000)
      expect(times(early).at(-1)).toBe(T0)
      yield* at(venue, T0 + 2 * HOUR + 2 * MINUTE)
      const settled = yield* data.closedCandles(BTC, "1h", T0 - DAY, T0 + 2 * HOUR + 2 * MINUTE)
      expect(log).toHaveLength(2)
      expect(times(settled).at(-1)).toBe(T0 + HOUR)
    })
  )

  it.scoped("falls back to the PF_ perpetual's futures candles when the spot pair is unknown", () =>
    Effect.gen(function* () {
      const { market, venue, server } = yield* simKraken
      const spot = yield* spotRestServer({ ohlc: {} })
      const log: Array<string> = []
      const now = T0 + 6 * HOUR + 5 * MINUTE
      yield* at(venue, now)
      const data = yield* source(log, { url: spot.url, futuresRestUrl: server.url })
      const got = yield* data.closedCandles(ETH, "4h", now - 2 * DAY, now)
      expect(log[1]).toBe(`/api/charts/v1/trade/PF_ETHUSD/4h?from=${(now - 2 * DAY) / 1000}&to=${now / 1000}`)
      expect(times(got)).toEqual(times(market.candles(ETH, "4h", now - 2 * DAY, now)))
      expect(closes(got)).toEqual(closes(market.candles(ETH, "4h", now - 2 * DAY, now)))
    })
  )

  it.scoped("without the fallback an unknown spot pair fails that series, naming symbol, timeframe and reason", () =>
    Effect.gen(function* () {
      const spot = yield* spotRestServer({ ohlc: {} })
      const log: Array<string> = []
      yield* TestClock.setTime(T0 + DAY)
      const data = yield* source(log, { url: spot.url, futuresFallback: false })
      const error = yield* Effect.flip(data.closedCandles(ETH, "1d", T0 - 5 * DAY, T0 + DAY))
      expect(error).toBeInstanceOf(CandlesUnavailable)
      expect(error.message).toMatch(/^no 1d candles for ETH\/USD from kraken: .*Unknown asset pair/)
      expect(log).toHaveLength(1)
    })
  )

  it.scoped("a rate-limited spot answer is not taken for a missing pair: no fallback, the series waits", () =>
    Effect.gen(function* () {
      const limited = { status: 200, body: JSON.stringify({ error: ["EAPI:Rate limit exceeded"] }) }
      const spot = yield* spotRestServer({ override: { "/0/public/OHLC": limited } })
      const log: Array<string> = []
      yield* TestClock.setTime(T0 + DAY)
      const data = yield* source(log, { url: spot.url, futuresRestUrl: spot.url })
      const error = yield* Effect.flip(data.closedCandles(BTC, "1h", T0, T0 + DAY))
      expect(error.reason).toMatch(/rate limited: EAPI:Rate limit exceeded/)
      expect(log).toHaveLength(1)
    })
  )

  it.scoped("refuses a series whose venue bar is unsound, naming the bar", () =>
    Effect.gen(function* () {
      const bad: OhlcRow = [(T0 - HOUR) / 1000, "100", "90", "95", "99", "99", "1", 1]
      const forming: OhlcRow = [T0 / 1000, "99", "99", "99", "99", "99", "0", 0]
      const spot = yield* spotRestServer({ ohlc: { XBTUSD: [bad, forming] } })
      yield* TestClock.setTime(T0 + 30 * MINUTE)
      const data = yield* source([], { url: spot.url, futuresFallback: false })
      const error = yield* Effect.flip(data.closedCandles(BTC, "1h", T0 - DAY, T0 + 30 * MINUTE))
      expect(error.message).toMatch(/^no 1h candles for BTC\/USD from kraken: bar at 2024-12-31T23:00:00.000Z: /)
    })
  )
})

describe("syncCandles over MarketDataSource.kraken", () => {
  const storage = RepositoriesLive.pipe(
    Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
  )
  const history: Readonly<Record<Timeframe, number>> = { "15m": 1, "1h": 2, "4h": 3, "1d": 5 }

  it.scoped("stores every listed symbol's series and reports the one the venue cannot give, without failing", () =>
    Effect.gen(function* () {
      const { venue, server } = yield* simKraken
      const now = T0 + 4 * HOUR + 5 * MINUTE
      yield* at(venue, now)
      const layer = Layer.mergeAll(
        MarketDataSource.kraken({
          spotRestUrl: server.url,
          futuresRestUrl: server.url,
          symbols: [BTC],
          futuresFallback: true,
          limits: UNLIMITED
        }),
        CandleStore.layer,
        storage
      )
      const { report, stored } = yield* Effect.gen(function* () {
        const report = yield* syncCandles([BTC, "DOGE/USD"], history, now)
        const stored = yield* (yield* CandleStore).series(BTC, "4h", { asOfMs: now })
        return { report, stored }
      }).pipe(Effect.provide(layer))
      expect(report.unavailable.map((e) => `${e.symbol} ${e.timeframe}`)).toEqual(
        TIMEFRAMES.map((timeframe) => `DOGE/USD ${timeframe}`)
      )
      expect(report.unavailable[0]?.reason).toMatch(/Unknown asset pair.*PF_DOGEUSD/)
      expect(report.appended).toBeGreaterThan(0)
      expect(times(stored).at(-1)).toBe(T0)
    })
  )
})
