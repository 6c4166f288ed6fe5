import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schedule } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { makeSpotRestClient, SpotRest } from "../../src/exchange/kraken/client/SpotRestClient.ts"
import { MarketListing } from "../../src/market/MarketListing.ts"
import { makeMarketRegistry } from "../../src/market/MarketRegistry.ts"
import { harness } from "../exchange/kraken/client/KrakenExchangeSupport.ts"
import { spotRestServer } from "../support/kraken/SpotRestServer.ts"

const assetPairs = {
  XXBTZUSD: { altname: "XBTUSD", base: "XXBT", quote: "ZUSD", pair_decimals: 1, lot_decimals: 8 },
  XETHZUSD: { altname: "ETHUSD", base: "XETH", quote: "ZUSD", pair_decimals: 2, lot_decimals: 8 },
  USDTZUSD: { altname: "USDTUSD", base: "USDT", quote: "ZUSD", pair_decimals: 4, lot_decimals: 8 }
}

// ETH is pinned in the shipped config: unpin it so its tier depends on liquidity.
const config = testConfigLayer({ config: { universe: { pinned_tier_a_bases: ["BTC"] } } })

describe("MarketRegistry", () => {
  it.scopedLive("D06 refresh discovers over the venue, watches tickers, and tiers from live liquidity", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const spot = yield* spotRestServer({ assetPairs })
      const client = yield* makeSpotRestClient({ baseUrl: spot.url, credentials: Option.none() }).pipe(
        Effect.provide(FetchHttpClient.layer)
      )
      const registry = yield* makeMarketRegistry.pipe(
        Effect.provide(
          Layer.mergeAll(config, Layer.succeed(MarketListing, h.exchange), Layer.succeed(SpotRest, client))
        )
      )
      expect((yield* Effect.flip(registry.universe))._tag).toBe("Transient")
      const discovery = yield* registry.refresh.pipe(
        Effect.retry(Schedule.spaced("10 millis").pipe(Schedule.intersect(Schedule.recurs(200))))
      )
      expect(discovery.markets.map((m) => m.futuresSymbol)).toEqual(["PF_ETHUSD", "PF_XBTUSD"])
      expect(discovery.excluded).toEqual([{ pair: "USDTZUSD", reason: "fiat_or_stablecoin_base" }])
      expect(
        h.market.received.find(
          (r) => r.frame.method === "subscribe" && (r.frame.params as { channel?: string }).channel === "ticker"
        )?.frame
      ).toMatchObject({
        params: { channel: "ticker", symbol: ["PF_ETHUSD", "PF_XBTUSD"] }
      })

      const before = yield* registry.universe
      expect(before.markets.map((m) => [m.symbol, m.tier])).toEqual([["BTC/USD", "A"]])
      expect(before.untiered.map((m) => m.symbol)).toEqual(["ETH/USD"])

      h.market.push({
        channel: "ticker",
        type: "snapshot",
        data: [{ symbol: "PF_ETHUSD", bid: 2999, bid_qty: 1, ask: 3001, ask_qty: 1, last: 3000, volume: 200 }]
      })
      const after = yield* registry.universe.pipe(
        Effect.filterOrFail(
          (u) => u.markets.length === 2,
          () => new Error("not yet")
        ),
        Effect.retry(Schedule.spaced("10 millis").pipe(Schedule.intersect(Schedule.recurs(200))))
      )
      expect(after.markets.map((m) => [m.symbol, m.tier])).toEqual([
        ["ETH/USD", "B"],
        ["BTC/USD", "A"]
      ])
    })
  )
})
