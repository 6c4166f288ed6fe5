import { describe, expect, it } from "@effect/vitest"
import type { BacktestResult } from "../../src/backtest/BacktestResult.ts"
import { cagr, dailyReturns, maxDrawdown, sharpe, sortino, withStart } from "../../src/backtest/CurveStats.ts"
import { computeMetrics } from "../../src/backtest/Metrics.ts"
import { DAY, d, HOUR, point, sampleResult, T0, TRADES, trade } from "./fixtures.ts"

const emptyResult = (overrides: Partial<BacktestResult> = {}): BacktestResult => ({
  ...sampleResult(),
  equityCurve: [],
  trades: [],
  fees: d(0),
  funding: d(0),
  rejections: new Map(),
  ...overrides
})

describe("computeMetrics on the sample run", () => {
  const m = computeMetrics(sampleResult())

  it("gives the return, CAGR and drawdown of the curve", () => {
    // 1210 / 1000 − 1 = 0.21; CAGR over 730 days: √1.21 − 1 = 0.1.
    expect(m.finalEquity.toString()).toBe("1210")
    expect(m.netProfit.toString()).toBe("210")
    expect(m.totalReturn).toBeCloseTo(0.21, 12)
    expect(m.cagr).toBeCloseTo(0.1, 12)
    // Peak 1100 (12h) → trough 880 (36h): 220 / 1100 = 0.2; back above 1100 at 60h: 48 hours.
    expect(m.maxDrawdown.fraction).toBeCloseTo(0.2, 12)
    expect(m.maxDrawdown.amount.toString()).toBe("220")
    expect(m.maxDrawdown.peakAt).toBe(T0 + 12 * HOUR)
    expect(m.maxDrawdown.troughAt).toBe(T0 + 36 * HOUR)
    expect(m.maxDrawdown.recoveredAt).toBe(T0 + 60 * HOUR)
    expect(m.maxDrawdown.durationMs).toBe(48 * HOUR)
    // Calmar = 0.1 / 0.2.
    expect(m.calmar).toBeCloseTo(0.5, 12)
  })

  it("annualises daily returns with √365 for Sharpe and Sortino", () => {
    // Day closes 1100, 880, 1210, 1210 against a start of 1000: returns 0.1, −0.2, 0.375, 0.
    expect(m.tradingDays).toBe(4)
    // Mean 0.275 / 4 = 0.06875; squared deviations sum to 0.17171875; sample variance ÷ 3.
    expect(m.sharpe).toBeCloseTo((0.06875 / Math.sqrt(0.17171875 / 3)) * Math.sqrt(365), 10)
    // Downside deviation √(0.2² / 4) = 0.1 → 0.6875 × √365.
    expect(m.sortino).toBeCloseTo(0.6875 * Math.sqrt(365), 10)
  })

  it("measures exposure, margin utilisation and concurrency from the curve", () => {
    // Positions held 12h→24h and 24h→36h out of 0h→84h: 24 / 84.
    expect(m.exposure).toBeCloseTo(24 / 84, 12)
    // 550 / 1100 at 12h beats 99 / 990.
    expect(m.maxMarginUtilisation).toBeCloseTo(0.5, 12)
    expect(m.maxConcurrentPositions).toBe(2)
  })

  it("summarises the trades", () => {
    const t = m.trades
    expect([t.trades, t.wins, t.losses]).toEqual([3, 2, 1])
    expect(t.winRate).toBeCloseTo(2 / 3, 12)
    // (97 + 14.5) / 20.5
    expect(t.profitFactor).toBeCloseTo(111.5 / 20.5, 12)
    // (97 − 20.5 + 14.5) / 3 = 91 / 3, exact to 28 significant digits.
    expect(t.expectancy?.toString()).toBe("30.33333333333333333333333333")
    // (1.94 − 2.5625 + 1.45) / 3
    expect(t.averageR).toBeCloseTo(0.8275 / 3, 12)
    expect(t.netPnl.toString()).toBe("91")
    expect(t.fees.toString()).toBe("3.5")
    expect(t.funding.toString()).toBe("0.5")
    expect(m.fees.toString()).toBe("3.5")
    expect(m.funding.toString()).toBe("0.5")
  })

  it("splits the trades per symbol, in symbol order", () => {
    expect(m.bySymbol.map((s) => s.symbol)).toEqual(["BTC/USD", "ETH/USD"])
    const [btc, eth] = m.bySymbol
    expect(btc?.stats.trades).toBe(2)
    expect(btc?.stats.profitFactor).toBeNull()
    expect(btc?.stats.netPnl.toString()).toBe("111.5")
    expect(btc?.stats.averageR).toBeCloseTo((1.94 + 1.45) / 2, 12)
    expect(eth?.stats.winRate).toBe(0)
    // No winner: 0 / 20.5.
    expect(eth?.stats.profitFactor).toBe(0)
    expect(eth?.stats.averageR).toBeCloseTo(-2.5625, 12)
  })

  it("sorts rejection counts by reason whatever order they were counted in", () => {
    const expected = [
      { reason: "DAILY_LOSS_LIMIT", count: 2 },
      { reason: "SCORE_BELOW_THRESHOLD", count: 5 }
    ]
    expect(m.rejections).toEqual(expected)
    expect(computeMetrics(sampleResult("reversed")).rejections).toEqual(expected)
  })
})

describe("computeMetrics edge cases", () => {
  it("a run without ticks or trades has no undefined figure turned into NaN or Infinity", () => {
    const m = computeMetrics(emptyResult())
    expect(m.finalEquity.toString()).toBe("1000")
    expect(m.totalReturn).toBe(0)
    expect(m.cagr).toBe(0)
    expect(m.maxDrawdown).toMatchObject({ fraction: 0, durationMs: 0, recoveredAt: null })
    expect([m.sharpe, m.sortino, m.calmar, m.exposure]).toEqual([null, null, null, null])
    expect(m.trades).toMatchObject({ trades: 0, winRate: null, profitFactor: null, expectancy: null, averageR: null })
    expect(m.bySymbol).toEqual([])
    expect([m.maxMarginUtilisation, m.maxConcurrentPositions]).toEqual([0, 0])
  })

  it("profit factor is null, not Infinity, without a losing trade", () => {
    const m = computeMetrics(emptyResult({ trades: [TRADES[0]!, TRADES[2]!] }))
    expect(m.trades.profitFactor).toBeNull()
    expect(m.trades.winRate).toBe(1)
  })

  it("a flat curve over several days has no Sharpe, Sortino or Calmar", () => {
    const flat = [0, 24, 48, 72].map((h) => point(h, 1000))
    const m = computeMetrics(emptyResult({ equityCurve: flat }))
    expect(m.tradingDays).toBe(4)
    expect([m.sharpe, m.sortino, m.calmar]).toEqual([null, null, null])
    expect(m.exposure).toBe(0)
  })

  it("a one-day run has a CAGR but no Sharpe (one daily return)", () => {
    const run = { ...sampleResult().run, to: T0 + DAY }
    const m = computeMetrics(emptyResult({ run, equityCurve: [point(1, 990), point(23, 1001)] }))
    expect(m.tradingDays).toBe(1)
    expect(m.sharpe).toBeNull()
    expect(m.cagr).toBeCloseTo(1.001 ** 365 - 1, 12)
    // Fell 10 (1 %) from the 1000 start and recovered at 23h.
    expect(m.maxDrawdown.fraction).toBeCloseTo(0.01, 12)
    expect(m.maxDrawdown.durationMs).toBe(23 * HOUR)
  })

  it("a span under a day has no CAGR", () => {
    expect(cagr(d(1000), d(1100), DAY - 1)).toBeNull()
  })
})

describe("curve statistics", () => {
  it("an unrecovered drawdown lasts from its peak to the last point", () => {
    const dd = maxDrawdown(withStart({ timestamp: T0, equity: d(100) }, [point(1, 120), point(5, 90), point(9, 96)]))
    // (120 − 90) / 120 = 0.25, from 1h to the end at 9h.
    expect(dd.fraction).toBeCloseTo(0.25, 12)
    expect(dd.recoveredAt).toBeNull()
    expect(dd.durationMs).toBe(8 * HOUR)
  })

  it("carries the last close over days without points", () => {
    // Day 0 closes 1100, day 1 has no point (return 0), day 2 closes 990.
    const returns = dailyReturns(d(1000), [point(10, 1100), point(50, 990)])
    expect(returns).toHaveLength(3)
    expect(returns[0]).toBeCloseTo(0.1, 12)
    expect(returns[1]).toBe(0)
    expect(returns[2]).toBeCloseTo(-0.1, 12)
  })

  it("Sortino is null without a losing day; Sharpe needs two days", () => {
    expect(sortino([0.01, 0.02])).toBeNull()
    expect(sharpe([0.01])).toBeNull()
    // Mean 0.015, sample sd √(2 × 0.005² / 1) = 0.00707…
    expect(sharpe([0.01, 0.02])).toBeCloseTo((0.015 / Math.sqrt(0.00005)) * Math.sqrt(365), 10)
  })

  it("a stop at the entry price gives no R multiple", () => {
    const t = trade({
      id: "t9",
      symbol: "BTC/USD",
      side: "long",
      entry: "100",
      exit: "101",
      size: "1",
      stop: "100",
      gross: "1",
      fees: "0",
      funding: "0",
      net: "1",
      enteredHours: 0,
      exitedHours: 1
    })
    expect(t.rMultiple).toBeNull()
  })
})
