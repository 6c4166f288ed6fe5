import { describe, expect, it } from "vitest"
import type { SpotSymbol } from "../../src/domain/Symbols.ts"
import { assessFeeds, type FeedObservation, TICKER_STALE_MS } from "../../src/runtime/FeedHealth.ts"

const BAR = 15 * 60_000
const MARKET_NOW = Date.parse("2025-03-01T12:07:00Z")
const CURRENT_BAR = Math.floor(MARKET_NOW / BAR) * BAR
const REAL_NOW = 1_000_000

const observe = (symbol: string, tickerAgeMs: number | undefined, barsBehind: number | undefined): FeedObservation => ({
  symbol: symbol as SpotSymbol,
  tickerReceivedAt: tickerAgeMs === undefined ? undefined : REAL_NOW - tickerAgeMs,
  lastBarOpen: barsBehind === undefined ? undefined : CURRENT_BAR - barsBehind * BAR
})

const assess = (observations: ReadonlyArray<FeedObservation>, minFreshShare = 0.5) =>
  assessFeeds({ observations, realNowMs: REAL_NOW, marketNowMs: MARKET_NOW, minFreshShare })

describe("staleness watchdog", () => {
  it("a symbol with a fresh ticker and fresh candles is tradable; a stale one of either is not", () => {
    const health = assess([
      observe("BTC/USD", 1_000, 1),
      observe("ETH/USD", TICKER_STALE_MS + 1, 1),
      observe("SOL/USD", 1_000, 3),
      observe("XRP/USD", undefined, undefined)
    ])
    expect([...health.tradable]).toEqual(["BTC/USD"])
    expect(health.staleTickers).toEqual(["ETH/USD", "XRP/USD"])
    expect(health.staleCandles).toEqual(["SOL/USD", "XRP/USD"])
    expect(health.entriesAllowed).toBe(true)
  })

  it("a ticker exactly at the limit is still fresh", () => {
    expect(assess([observe("BTC/USD", TICKER_STALE_MS, 0)]).tradable.size).toBe(1)
  })

  it("entries pause when fewer than the configured share of symbols have fresh candles", () => {
    const health = assess([observe("BTC/USD", 0, 1), observe("ETH/USD", 0, 5), observe("SOL/USD", 0, 9)])
    expect(health.entriesAllowed).toBe(false)
    expect(health.reasons[0]).toContain("33% of symbols")
    expect(assess([observe("BTC/USD", 0, 1), observe("ETH/USD", 0, 5)]).entriesAllowed).toBe(true)
  })

  it("watches another timeframe's bars when told (a backtest over hourly data)", () => {
    const HOUR = 3_600_000
    const hourNow = Math.floor(MARKET_NOW / HOUR) * HOUR
    const hourly = (symbol: string, hoursBehind: number): FeedObservation => ({
      symbol: symbol as SpotSymbol,
      tickerReceivedAt: REAL_NOW,
      lastBarOpen: hourNow - hoursBehind * HOUR
    })
    const observations = [hourly("BTC/USD", 1), hourly("ETH/USD", 3)]
    const health = assessFeeds({
      observations,
      realNowMs: REAL_NOW,
      marketNowMs: MARKET_NOW,
      barMs: HOUR,
      minFreshShare: 0.5
    })
    expect([...health.tradable]).toEqual(["BTC/USD"])
    // Judged in 15m bars, the hour-old bar is stale too
    expect(assess(observations).tradable.size).toBe(0)
  })
})
