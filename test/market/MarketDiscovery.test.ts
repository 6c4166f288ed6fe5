import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import { discoverMarkets, liquidityOf, tierOf } from "../../src/market/MarketDiscovery.ts"

const universe = testConfigSync({
  config: { universe: { excluded_bases: ["PEPE"], blocklist: ["ADA/USD"] } }
}).universe

const perpetuals = ["PF_XBTUSD", "PF_ETHUSD", "PF_DOGEUSD", "PF_SOLUSD", "PF_ADAUSD", "PF_PEPEUSD", "PF_USDTUSD"].map(
  (s) => FuturesSymbol.make(s)
)

const pair = (name: string, altname = name) => ({ name, altname })

describe("discoverMarkets", () => {
  it("D01 pairs spot USD markets with their perpetual (XBT and XDG aliases included)", () => {
    const { markets } = discoverMarkets(
      [pair("XXBTZUSD", "XBTUSD"), pair("XETHZUSD", "ETHUSD"), pair("XDGUSD"), pair("SOLUSD")],
      perpetuals,
      universe
    )
    expect(markets.map((m) => [m.symbol, m.futuresSymbol, m.krakenPair])).toEqual([
      ["SOL/USD", "PF_SOLUSD", "SOLUSD"],
      ["DOGE/USD", "PF_DOGEUSD", "XDGUSD"],
      ["ETH/USD", "PF_ETHUSD", "XETHZUSD"],
      ["BTC/USD", "PF_XBTUSD", "XXBTZUSD"]
    ])
  })

  it("D02 every dropped pair carries its reason", () => {
    const { markets, excluded } = discoverMarkets(
      [
        pair("USDTZUSD", "USDTUSD"),
        pair("ZEURZUSD", "EURUSD"),
        pair("XXBTZEUR", "XBTEUR"),
        pair("PEPEUSD"),
        pair("ADAUSD"),
        pair("FOOUSD"),
        pair("XXBTZUSD", "XBTUSD"),
        pair("XBTUSD"),
        pair("XBTUSD.d", "XBTUSD.d"),
        pair("???")
      ],
      perpetuals,
      universe
    )
    expect(markets.map((m) => m.symbol)).toEqual(["BTC/USD"])
    expect(Object.fromEntries(excluded.map((e) => [e.pair, e.reason]))).toEqual({
      USDTZUSD: "fiat_or_stablecoin_base",
      ZEURZUSD: "fiat_or_stablecoin_base",
      XXBTZEUR: "not_usd_quote",
      PEPEUSD: "excluded_base",
      ADAUSD: "blocklisted",
      FOOUSD: "no_perpetual",
      XXBTZUSD: "duplicate",
      "XBTUSD.d": "unrecognised_pair",
      "???": "unrecognised_pair"
    })
  })
})

describe("tierOf", () => {
  const liquid = (volume: string, spread: string) =>
    Option.some({ volume24hUsd: new Decimal(volume), spreadPct: new Decimal(spread) })
  const sol = SpotSymbol.make("SOL/USD")
  const ada = SpotSymbol.make("ADA/USD")

  it("D03 pinned bases are tier A even without liquidity data", () => {
    expect(tierOf(sol, Option.none(), universe)).toEqual(Option.some("A"))
  })

  it("D04 B and C by the spec thresholds, inclusive; below them or unknown is not traded", () => {
    expect(tierOf(ada, liquid("500000", "0.0025"), universe)).toEqual(Option.some("B"))
    expect(tierOf(ada, liquid("499999.99", "0.0025"), universe)).toEqual(Option.some("C"))
    expect(tierOf(ada, liquid("500000", "0.0026"), universe)).toEqual(Option.some("C"))
    expect(tierOf(ada, liquid("250000", "0.005"), universe)).toEqual(Option.some("C"))
    expect(tierOf(ada, liquid("249999", "0.001"), universe)).toEqual(Option.none())
    expect(tierOf(ada, liquid("1000000000", "0.0051"), universe)).toEqual(Option.none())
    expect(tierOf(ada, Option.none(), universe)).toEqual(Option.none())
  })

  it("D05 liquidity from a ticker: volume × last in USD and spread over mid; no volume = unknown", () => {
    const ticker = {
      bid: new Decimal("99.9"),
      ask: new Decimal("100.1"),
      last: new Decimal("100"),
      volume24h: Option.some(new Decimal("6000"))
    }
    const l = Option.getOrThrow(liquidityOf(ticker))
    expect([l.volume24hUsd.toString(), l.spreadPct.toString()]).toEqual(["600000", "0.002"])
    expect(liquidityOf({ ...ticker, volume24h: Option.none() })).toEqual(Option.none())
    expect(liquidityOf({ ...ticker, ask: new Decimal("99") })).toEqual(Option.none())
  })
})
