import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import { testConfigLayer } from "../../../../src/config/TestConfig.ts"
import { FuturesSymbol, SpotSymbol } from "../../../../src/domain/Symbols.ts"
import { ContractTermsBook } from "../../../../src/exchange/kraken/derivatives/ContractTermsBook.ts"
import { ContractTermsBookLive, KrakenMarketDataLive } from "../../../../src/exchange/kraken/KrakenVenue.ts"
import { MarketDataSource } from "../../../../src/market/MarketDataSource.ts"
import { HOUR, MINUTE, simKraken, T0 } from "../../../market/support/SimKraken.ts"

const BTC = SpotSymbol.make("BTC/USD")

describe("KrakenVenue market data and contract terms", () => {
  it.scoped("K69 wired from config against the simulator at exchange.sim.url: candles and contract terms", () =>
    Effect.gen(function* () {
      const { server, venue, market } = yield* simKraken
      const now = T0 + 2 * HOUR + 5 * MINUTE
      venue.advanceTo(now)
      yield* TestClock.setTime(now)
      const config = testConfigLayer({ config: { exchange: { venue: "sim", sim: { url: server.url } } } })
      const cacheFile = join(yield* Effect.promise(() => mkdtemp(join(tmpdir(), "venue-terms-"))), "terms.json")
      const layer = Layer.merge(KrakenMarketDataLive([BTC]), ContractTermsBookLive({ cacheFile, enabled: true })).pipe(
        Layer.provide(config)
      )
      const { candles, leverage, name } = yield* Effect.gen(function* () {
        const source = yield* MarketDataSource
        const book = yield* ContractTermsBook
        return {
          name: source.name,
          candles: yield* source.closedCandles(BTC, "1h", T0, now),
          leverage: yield* book.maxLeverage(FuturesSymbol.make("PF_XBTUSD"))
        }
      }).pipe(Effect.provide(layer))
      expect(name).toBe("kraken")
      expect(Array.from(candles.close.subarray(0, candles.length))).toEqual(
        Array.from(market.candles(BTC, "1h", T0, now).close)
      )
      expect(Option.getOrThrow(leverage).toString()).toBe(venue.state.instruments.PF_XBTUSD?.maxLeverage.toString())
    })
  )
})
