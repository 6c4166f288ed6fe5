import { describe, expect, it } from "vitest"
import { emaSpan } from "../../src/strategy/Ema.ts"
import { Adx, Atr, AtrRatio, CloseEma, emaSlopeOf, rsiSeries, trueRangeOf } from "../../src/strategy/Indicators.ts"
import { barsOf } from "./bars.ts"

describe("span EMA", () => {
  it("seeds with the first value and divides by the weight sum (span 3, α = 0.5)", () => {
    expect(Array.from(emaSpan([1, 2, 3], 3))).toEqual([1, 1.5, 2.25])
  })

  it("stays NaN until the first finite input, which becomes the seed", () => {
    const out = Array.from(emaSpan([Number.NaN, 4, 6], 3))
    expect(out[0]).toBeNaN()
    expect(out.slice(1)).toEqual([4, 5])
  })

  it("keeps the value over a NaN and decays the old weight (pandas adjust=False)", () => {
    const out = emaSpan([2, Number.NaN, 4], 3)
    expect(out[1]).toBe(2)
    // old weight 0.5² = 0.25 against α = 0.5: (0.25·2 + 0.5·4) / 0.75
    expect(out[2]).toBeCloseTo(2.5 / 0.75, 14)
  })

  it("skips the update when the input equals the value", () => {
    expect(Array.from(emaSpan([5, 5, 5], 10))).toEqual([5, 5, 5])
  })
})

// H, L, C: (10, 8, 9) (12, 9, 11) (11, 7, 8) (13, 8, 12)
const hlc = [
  [10, 8, 9],
  [12, 9, 11],
  [11, 7, 8],
  [13, 8, 12]
] as const

describe("true range and ATR", () => {
  it("uses H − L for the first bar and the previous close afterwards", () => {
    expect(trueRangeOf(10, 8, Number.NaN)).toBe(2)
    expect(trueRangeOf(12, 9, 9)).toBe(3)
    expect(trueRangeOf(11, 7, 11)).toBe(4)
  })

  it("ATR(3) is the span-EMA of TR and needs 3 bars", () => {
    const atr = new Atr(3)
    atr.push(10, 8, 9)
    atr.push(12, 9, 11)
    expect(atr.value).toBeNaN()
    atr.push(11, 7, 8)
    // TR 2, 3, 4 with α = 0.5: 2 → 2.5 → 3.25
    expect(atr.value).toBe(3.25)
  })
})

describe("ADX", () => {
  it("matches the hand computation for period 2 (needs 4 bars)", () => {
    const adx = new Adx(2)
    for (const [h, l, c] of hlc.slice(0, 3)) adx.push(h, l, c)
    expect(adx.value).toBeNaN()
    const [h, l, c] = hlc[3]
    adx.push(h, l, c)
    // DX: NaN (both DI 0), 100, 50, 100·28/52; ADX seeded at 100: 100 → 200/3 → 6800/117
    expect(adx.value).toBeCloseTo(6800 / 117, 10)
  })

  it("is NaN while every DX is NaN (flat bars)", () => {
    const adx = new Adx(2)
    for (let i = 0; i < 6; i++) adx.push(10, 10, 10)
    expect(adx.value).toBeNaN()
  })
})

describe("RSI", () => {
  it("is NaN with no movement, 100 without losses, and 25 after a gain and an equal loss (span 2)", () => {
    const out = rsiSeries([1, 2, 1], 2)
    expect(out[0]).toBeNaN()
    expect(out[1]).toBe(100)
    expect(out[2]).toBeCloseTo(25, 12)
  })

  it("is above 50 in an uptrend and within [0, 100]", () => {
    const out = rsiSeries(
      Array.from({ length: 50 }, (_, i) => 100 + i + (i % 3 === 0 ? -0.5 : 0)),
      14
    )
    const last = out[49]!
    expect(last).toBeGreaterThan(50)
    expect(last).toBeLessThanOrEqual(100)
  })
})

describe("EMA slope and ATR ratio", () => {
  it("calls the slope up/down/flat at 0.1 % of the last value", () => {
    expect(emaSlopeOf(100, 100.2)).toBe("up")
    expect(emaSlopeOf(100, 99.8)).toBe("down")
    expect(emaSlopeOf(100, 100.05)).toBe("flat")
  })

  it("CloseEma reports the slope of its last four values and flat before the period", () => {
    const ema = new CloseEma(2)
    ema.push(100)
    expect(ema.slope).toBe("flat")
    for (const c of [100, 100, 110]) ema.push(c)
    expect(ema.value).toBeCloseTo(100 + (2 / 3) * 10, 12)
    expect(ema.slope).toBe("up")
  })

  it("ATR ratio = last ÷ mean of the last 20, NaN before 20 values", () => {
    const r = new AtrRatio(20)
    for (let i = 0; i < 19; i++) r.push(1)
    expect(r.value).toBeNaN()
    r.push(2)
    expect(r.value).toBeCloseTo(2 / 1.05, 12)
  })

  it("the series accumulators agree with a bar list", () => {
    const bars = barsOf(hlc.map(([h, l, c]) => [c, h, l, c] as const))
    const atr = new Atr(2)
    for (let i = 0; i < bars.length; i++) atr.push(bars.high[i]!, bars.low[i]!, bars.close[i]!)
    // TR 2, 3, 4, 5 with α = 2/3
    const expected = emaSpan([2, 3, 4, 5], 2)[3]!
    expect(atr.value).toBe(expected)
  })
})
