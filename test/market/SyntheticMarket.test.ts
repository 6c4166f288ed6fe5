import { describe, expect, it, vi } from "@effect/vitest"
import { Candle, candleInconsistency } from "../../src/domain/Candle.ts"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { TIMEFRAMES, timeframeMs } from "../../src/domain/Timeframe.ts"
import { createSyntheticMarket } from "../../src/market/SyntheticMarket.ts"
import { DEFAULT_SYNTHETIC_SYMBOLS } from "../../src/market/SyntheticProfile.ts"

const DAY = timeframeMs["1d"]
const START = Date.UTC(2025, 0, 1)
const SYMBOLS = ["BTC/USD", "ETH/USD", "SOL/USD", "DOGE/USD", "PEPE/USD", "GRT/USD"]

const COLUMNS = ["openTime", "open", "high", "low", "close", "volume"] as const
const columns = (s: CandleSeries) => COLUMNS.map((k) => Array.from(s[k].subarray(0, s.length)))
const bar = (s: CandleSeries, i: number) => ({
  openTime: s.openTime[i] ?? Number.NaN,
  open: s.open[i] ?? Number.NaN,
  high: s.high[i] ?? Number.NaN,
  low: s.low[i] ?? Number.NaN,
  close: s.close[i] ?? Number.NaN,
  volume: s.volume[i] ?? Number.NaN
})

describe("SyntheticMarket determinism", () => {
  it("the same seed gives identical bars; another seed gives other bars", () => {
    const a = createSyntheticMarket({ seed: 1, startMs: START })
    const b = createSyntheticMarket({ seed: 1, startMs: START })
    const c = createSyntheticMarket({ seed: 2, startMs: START })
    for (const symbol of SYMBOLS) {
      for (const tf of TIMEFRAMES) {
        expect(columns(a.candles(symbol, tf, START, START + 30 * DAY))).toEqual(
          columns(b.candles(symbol, tf, START, START + 30 * DAY))
        )
      }
      expect(columns(a.candles(symbol, "15m", START, START + DAY))).not.toEqual(
        columns(c.candles(symbol, "15m", START, START + DAY))
      )
    }
  })

  it("bars do not depend on the order of requests, the windows asked or the other symbols generated", () => {
    const lateFirst = createSyntheticMarket({ seed: 3, startMs: START, symbols: ["ETH/USD"] })
    const late = lateFirst.candles("ETH/USD", "1h", START + 20 * DAY, START + 25 * DAY)
    lateFirst.candles("BTC/USD", "15m", START, START + 40 * DAY)
    const early = lateFirst.candles("ETH/USD", "1h", START, START + 20 * DAY)

    const inOrder = createSyntheticMarket({ seed: 3, startMs: START })
    const whole = inOrder.candles("ETH/USD", "1h", START, START + 25 * DAY)
    expect(whole.length).toBe(25 * 24)
    const joined = columns(early).map((col, k) => [...col, ...(columns(late)[k] ?? [])])
    expect(joined).toEqual(columns(whole))
  })

  it("windows are half-open and hold whole bars only: [a, b) then [b, c) is [a, c)", () => {
    const m = createSyntheticMarket({ seed: 4, startMs: START })
    for (const tf of TIMEFRAMES) {
      const a = START + 2 * DAY
      const b = a + 7 * DAY
      const c = b + 9 * DAY
      const left = columns(m.candles("SOL/USD", tf, a, b))
      const right = columns(m.candles("SOL/USD", tf, b, c))
      expect(left.map((col, k) => [...col, ...(right[k] ?? [])])).toEqual(columns(m.candles("SOL/USD", tf, a, c)))
    }
  })

  it("toMs = now returns closed bars only; nothing exists before the start", () => {
    const m = createSyntheticMarket({ seed: 5, startMs: START })
    const now = START + 10 * DAY + 5 * 3_600_000 + 7 * 60_000
    for (const tf of TIMEFRAMES) {
      const s = m.candles("BTC/USD", tf, START, now)
      const last = s.openTime[s.length - 1] ?? 0
      expect(last + timeframeMs[tf]).toBeLessThanOrEqual(now)
      expect(last + 2 * timeframeMs[tf]).toBeGreaterThan(now)
    }
    expect(m.candles("BTC/USD", "15m", START - DAY, START).length).toBe(0)
    expect(m.candles("BTC/USD", "1h", START + DAY, START).length).toBe(0)
    expect(m.price("BTC/USD", START - 1)).toBeUndefined()
  })

  it("higher-timeframe bars start at the first boundary after an unaligned start", () => {
    const start = START + 5 * 3_600_000 + 15 * 60_000 + 123
    const m = createSyntheticMarket({ seed: 6, startMs: start })
    expect(m.startMs).toBe(start - 123)
    expect(m.candles("ETH/USD", "15m", 0, start + DAY).openTime[0]).toBe(start - 123)
    expect(m.candles("ETH/USD", "4h", 0, start + 2 * DAY).openTime[0]).toBe(START + 8 * 3_600_000)
    expect(m.candles("ETH/USD", "1d", 0, start + 3 * DAY).openTime[0]).toBe(START + DAY)
  })

  it("never calls Math.random", () => {
    const spy = vi.spyOn(Math, "random")
    createSyntheticMarket({ seed: 7, startMs: START }).candles("XRP/USD", "1d", START, START + 20 * DAY)
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  })
})

describe("SyntheticMarket bars", () => {
  const m = createSyntheticMarket({ seed: 11, startMs: START })
  const end = START + 200 * DAY

  it("every bar of every timeframe is sound, on the grid and contiguous; edges decode as Candle", () => {
    for (const symbol of [...SYMBOLS, "UNKNOWNCOIN/USD"]) {
      for (const tf of TIMEFRAMES) {
        const s = m.candles(symbol, tf, START, end)
        expect(s.length).toBe((200 * DAY) / timeframeMs[tf])
        let problems = 0
        for (let i = 0; i < s.length; i++) {
          const b = bar(s, i)
          const bad =
            candleInconsistency(b) !== undefined ||
            !(b.low > 0 && b.volume >= 0 && Number.isFinite(b.high) && Number.isFinite(b.volume)) ||
            b.openTime !== START + i * timeframeMs[tf]
          if (bad) problems++
        }
        expect(problems).toBe(0)
        expect(() => new Candle({ symbol, timeframe: tf, ...bar(s, s.length - 1) })).not.toThrow()
      }
    }
  })

  it("1h, 4h and 1d bars aggregate their 15m bars exactly", () => {
    const base = m.candles("ETH/USD", "15m", START, end)
    for (const tf of ["1h", "4h", "1d"] as const) {
      const s = m.candles("ETH/USD", tf, START, end)
      const ratio = timeframeMs[tf] / timeframeMs["15m"]
      for (let i = 0; i < s.length; i++) {
        const parts = Array.from({ length: ratio }, (_, k) => bar(base, i * ratio + k))
        const b = bar(s, i)
        expect(b.openTime).toBe(parts[0]?.openTime)
        expect(b.open).toBe(parts[0]?.open)
        expect(b.close).toBe(parts[ratio - 1]?.close)
        expect(b.high).toBe(Math.max(...parts.map((p) => p.high)))
        expect(b.low).toBe(Math.min(...parts.map((p) => p.low)))
        expect(b.volume).toBeCloseTo(
          parts.reduce((sum, p) => sum + p.volume, 0),
          m.profile("ETH/USD").volumeDecimals - 1
        )
      }
    }
  })

  it("base prices are plausible and prices stay on the symbol's price step", () => {
    expect(m.profile("BTC/USD").basePrice).toBeGreaterThan(30_000)
    expect(m.profile("BTC/USD").basePrice).toBeLessThan(120_000)
    expect(m.profile("ETH/USD").basePrice).toBeGreaterThan(1_500)
    expect(m.profile("ETH/USD").basePrice).toBeLessThan(6_000)
    expect(m.profile("DOGE/USD").basePrice).toBeLessThan(1)
    const s = m.candles("BTC/USD", "15m", START, START + 5 * DAY)
    const scale = 10 ** m.profile("BTC/USD").priceDecimals
    for (let i = 0; i < s.length; i++) {
      const b = bar(s, i)
      for (const p of [b.open, b.high, b.low, b.close]) expect(Math.round(p * scale) / scale).toBe(p)
    }
  })
})

const logReturns = (s: CandleSeries, lag: number) =>
  Array.from({ length: s.length - lag }, (_, i) => Math.log((s.close[i + lag] ?? 1) / (s.close[i] ?? 1)))

const correlation = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>) => {
  const mean = (v: ReadonlyArray<number>) => v.reduce((a, b) => a + b, 0) / v.length
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  xs.forEach((x, i) => {
    const y = ys[i] ?? my
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
    syy += (y - my) ** 2
  })
  return sxy / Math.sqrt(sxx * syy)
}

describe("SyntheticMarket realism (seed 2025, 400 days)", () => {
  const m = createSyntheticMarket({ seed: 2025, startMs: START })
  const end = START + 400 * DAY

  it("has both up and down trends: 30-day moves beyond +15 % and below -15 %", () => {
    for (const symbol of ["BTC/USD", "SOL/USD"]) {
      const monthly = logReturns(m.candles(symbol, "1d", START, end), 30)
      expect(monthly.filter((r) => r > Math.log(1.15)).length).toBeGreaterThan(0)
      expect(monthly.filter((r) => r < Math.log(0.85)).length).toBeGreaterThan(0)
    }
  })

  it("4h bars contain bullish and bearish 3-bar fair value gaps and large-range displacement candles", () => {
    const s = m.candles("BTC/USD", "4h", START, end)
    let bullish = 0
    let bearish = 0
    let displacement = 0
    for (let i = 1; i + 1 < s.length; i++) {
      const [prev, mid, next] = [bar(s, i - 1), bar(s, i), bar(s, i + 1)]
      if (mid.close > mid.open && prev.high < next.low) bullish++
      if (mid.close < mid.open && prev.low > next.high) bearish++
    }
    for (let i = 20; i < s.length; i++) {
      const ranges = Array.from({ length: 20 }, (_, k) => bar(s, i - 20 + k)).map((b) => b.high - b.low)
      const median = ranges.sort((a, b) => a - b)[10] ?? 0
      if (bar(s, i).high - bar(s, i).low >= 2 * median) displacement++
    }
    expect(bullish).toBeGreaterThan(0)
    expect(bearish).toBeGreaterThan(0)
    expect(displacement).toBeGreaterThan(0)
    // Not degenerate either: real BTC 4h has gaps on ~16 % and displacement on ~10 % of bars
    expect((bullish + bearish) / s.length).toBeLessThan(0.4)
    expect(displacement / s.length).toBeLessThan(0.25)
  })

  it("volatility clusters, returns have fat tails and volume follows range", () => {
    const s = m.candles("ETH/USD", "15m", START, end)
    const r = logReturns(s, 1)
    const absolute = r.map(Math.abs)
    expect(correlation(absolute.slice(1), absolute.slice(0, -1))).toBeGreaterThan(0.1)
    const sd = Math.sqrt(r.reduce((a, x) => a + x * x, 0) / r.length)
    const kurtosis = r.reduce((a, x) => a + (x / sd) ** 4, 0) / r.length
    expect(kurtosis).toBeGreaterThan(5)
    const ranges = Array.from({ length: s.length }, (_, i) => Math.log((s.high[i] ?? 1) / (s.low[i] ?? 1)))
    const volumes = Array.from({ length: s.length }, (_, i) => Math.log(s.volume[i] ?? 1))
    expect(correlation(ranges, volumes)).toBeGreaterThan(0.3)
  })

  it("symbols move together through the market factor", () => {
    const btc = logReturns(m.candles("BTC/USD", "1h", START, end), 1)
    const eth = logReturns(m.candles("ETH/USD", "1h", START, end), 1)
    expect(correlation(btc, eth)).toBeGreaterThan(0.4)
  })
})

describe("SyntheticMarket price path", () => {
  const m = createSyntheticMarket({ seed: 21, startMs: START })
  const step = timeframeMs["15m"]

  it("starts each bar at its open, stays within its range, reaches both extremes, low first in a rising bar", () => {
    const s = m.candles("SOL/USD", "15m", START, START + 2 * DAY)
    for (let i = 0; i < s.length; i += 7) {
      const b = bar(s, i)
      expect(m.price("SOL/USD", b.openTime)).toBe(b.open)
      const samples = Array.from({ length: 900 }, (_, k) => m.price("SOL/USD", b.openTime + (k * step) / 900) ?? 0)
      const tolerance = (b.high - b.low) / 100 + 1e-9
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(b.low)
      expect(Math.max(...samples)).toBeLessThanOrEqual(b.high)
      expect(Math.max(...samples)).toBeGreaterThan(b.high - tolerance)
      expect(Math.min(...samples)).toBeLessThan(b.low + tolerance)
      const whenHigh = samples.indexOf(Math.max(...samples))
      const whenLow = samples.indexOf(Math.min(...samples))
      if (b.high > b.low) expect(b.close >= b.open ? whenLow < whenHigh : whenHigh < whenLow).toBe(true)
      expect(m.price("SOL/USD", b.openTime + step - 1)).toBeCloseTo(b.close, 1)
    }
  })
})

describe("SyntheticMarket performance", () => {
  it("generates 45 symbols x 400 days of 15m bars (1.7 million) in well under a few seconds", () => {
    const m = createSyntheticMarket({ seed: 99, startMs: START })
    const started = performance.now()
    let bars = 0
    for (const symbol of DEFAULT_SYNTHETIC_SYMBOLS) bars += m.candles(symbol, "15m", START, START + 400 * DAY).length
    const elapsed = performance.now() - started
    expect(DEFAULT_SYNTHETIC_SYMBOLS.length).toBe(45)
    expect(bars).toBe(45 * 400 * 96)
    // About 0.6 s on an idle core; the bound leaves room for a loaded CI machine
    expect(elapsed).toBeLessThan(5_000)
  })
})
