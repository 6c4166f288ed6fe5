import { describe, expect, it } from "vitest"
import {
  dailyBosBias,
  higherTimeframeGate,
  isoWeekStart,
  weeklyBars,
  weeklyContext
} from "../../src/strategy/HigherTimeframe.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import { barsOf, flat, type Row } from "./bars.ts"

const DAY = 86_400_000

describe("weekly bars", () => {
  it("ISO weeks start on Monday 00:00 UTC", () => {
    expect(isoWeekStart(Date.UTC(2024, 0, 3, 15))).toBe(Date.UTC(2024, 0, 1)) // Wednesday → Monday 1 Jan
    expect(isoWeekStart(Date.UTC(2024, 0, 7, 23))).toBe(Date.UTC(2024, 0, 1)) // Sunday
    expect(isoWeekStart(Date.UTC(2024, 0, 8))).toBe(Date.UTC(2024, 0, 8))
  })

  it("aggregate max high and min low per week; the partial last week is included", () => {
    const rows: Array<Row> = Array.from({ length: 9 }, (_, i) => [10, 10 + i, 10 - i, 10])
    const w = weeklyBars(barsOf(rows, DAY), 0, 9) // Mon 1 Jan … Tue 9 Jan
    expect(w.length).toBe(2)
    expect(Array.from(w.high)).toEqual([16, 18])
    expect(Array.from(w.low)).toEqual([4, 2])
    expect(Array.from(w.openTime)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8)])
  })
})

describe("higher-timeframe gate", () => {
  // 30 weeks: lows at 100, highs at 200, so the zone is [161.8, 178.6].
  const rows: Array<Row> = Array.from({ length: 210 }, (_, i) => flat(150, i % 7 === 3 ? 50 : 10))
  const daily = barsOf(rows, DAY)
  const hard = strategyParams({ higher_tf_mode: "hard" })
  const ctx = weeklyContext(daily, daily.length, hard)

  it("zone is [low + 0.618 R, low + 0.786 R] of the weekly swing", () => {
    expect(ctx.zoneLow).toBeCloseTo(161.8, 9)
    expect(ctx.zoneHigh).toBeCloseTo(178.6, 9)
  })

  it("inside: allowed with the weekly weight (+ daily weight only with a daily BOS bias)", () => {
    expect(higherTimeframeGate(ctx, 170, hard)).toEqual({ allowed: true, inZone: true, bonus: 0.25, penalty: 0 })
    const biased = { ...ctx, dailyBias: "bearish" as const }
    expect(higherTimeframeGate(biased, 170, hard).bonus).toBeCloseTo(0.4, 12)
  })

  it("outside: hard mode rejects, soft mode penalises", () => {
    expect(higherTimeframeGate(ctx, 150, hard).allowed).toBe(false)
    expect(higherTimeframeGate(ctx, 150, strategyParams({ higher_tf_mode: "soft" }))).toEqual({
      allowed: true,
      inZone: false,
      bonus: 0,
      penalty: -18
    })
  })

  it("fewer than 20 weeks: allowed without bonus", () => {
    const short = weeklyContext(daily, 100, hard)
    expect(short.weeklyFib).toBeUndefined()
    expect(higherTimeframeGate(short, 1, hard)).toEqual({ allowed: true, inZone: false, bonus: 0, penalty: 0 })
  })

  it("daily BOS bias: exactly one direction true, else neutral; needs 10 bars", () => {
    const up: Array<Row> = [...Array.from({ length: 11 }, () => flat(100)), [100, 102, 99.8, 101]]
    expect(dailyBosBias(barsOf(up, DAY), 12, 3)).toBe("bullish")
    const both: Array<Row> = [...Array.from({ length: 11 }, () => flat(100)), [100, 102, 98, 101]]
    expect(dailyBosBias(barsOf(both, DAY), 12, 3)).toBe("neutral")
    expect(dailyBosBias(barsOf(up, DAY), 9, 3)).toBe("neutral")
  })
})
