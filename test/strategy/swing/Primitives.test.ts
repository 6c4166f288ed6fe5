import { describe, expect, it } from "vitest"
import type { SwingPoint } from "../../../src/strategy/swing/Events.ts"
import { FvgTracker } from "../../../src/strategy/swing/FairValueGaps.ts"
import { LiquidityTracker, poolLevel } from "../../../src/strategy/swing/Liquidity.ts"
import { OrderBlockTracker } from "../../../src/strategy/swing/OrderBlocks.ts"
import { fourSwingPattern, StructureTracker } from "../../../src/strategy/swing/StructureBreaks.ts"
import { SwingTracker } from "../../../src/strategy/swing/Swings.ts"
import type { Bars } from "../../../src/strategy/Types.ts"
import { barsOf, type Row } from "../bars.ts"

/** Bars from highs and lows only (open = low, close = high: bullish bodies unless given). */
const hl = (highs: ReadonlyArray<number>, lows: ReadonlyArray<number>): Bars =>
  barsOf(highs.map((h, i): Row => [lows[i]!, h, lows[i]!, h]))

const swingsOf = (bars: Bars, n: number): SwingTracker => {
  const s = new SwingTracker(n)
  for (let t = 0; t < bars.length; t++) s.push(bars, t, t)
  return s
}

const point = (index: number, kind: "high" | "low", price: number): SwingPoint => ({
  index,
  kind,
  price,
  confirmedAt: index,
  supersededAt: null
})

describe("swings (swing_length n)", () => {
  // n = 2: candidates need i ≥ 3 and the window [i − 1, i + 2].
  const highs = [5, 5, 5, 9, 6, 5, 4, 5, 6, 7, 8, 7, 6]
  const lows = [4, 4, 4, 8, 5, 1, 3, 4, 5, 6, 7, 6, 5]

  it("a high at i is the max of h over [i − n + 1, i + n], confirmed n bars later", () => {
    const s = swingsOf(hl(highs, lows), 2)
    expect(s.live.map((p) => [p.kind, p.index, p.price, p.confirmedAt])).toEqual([
      ["high", 3, 9, 5],
      ["low", 5, 1, 7],
      ["high", 10, 8, 12]
    ])
  })

  it("nothing before bar 2n − 1, nothing without n bars after", () => {
    const s = swingsOf(hl(highs.slice(0, 11), lows.slice(0, 11)), 2)
    expect(s.live.map((p) => p.index)).toEqual([3, 5])
  })

  it("a run of highs keeps the highest: the later, higher one supersedes at its confirmation", () => {
    // Lows chosen so that no low qualifies between the two highs (bar 3's long wick, bar 7's low).
    const h = [5, 5, 5, 7, 6, 5, 8, 6, 5, 5]
    const l = [4, 4, 4, 3, 5, 5, 6, 2, 4, 4]
    const s = swingsOf(hl(h, l), 2)
    expect(s.all.map((p) => [p.index, p.supersededAt])).toEqual([
      [3, 8],
      [6, null],
      [7, null]
    ])
    expect(s.live.map((p) => p.index)).toEqual([6, 7])
  })
})

describe("BOS / CHoCH", () => {
  it("classifies the last four swings", () => {
    const [l1, h1, l2, h2] = [point(0, "low", 10), point(1, "high", 20), point(2, "low", 15), point(3, "high", 25)]
    expect(fourSwingPattern(l1, h1, l2, h2)).toEqual({ kind: "BOS", direction: "bullish" })
    expect(fourSwingPattern(l1, h1, point(2, "low", 5), h2)).toEqual({ kind: "CHOCH", direction: "bullish" })
    expect(
      fourSwingPattern(point(0, "high", 30), point(1, "low", 10), point(2, "high", 25), point(3, "low", 5))
    ).toEqual({
      kind: "BOS",
      direction: "bearish"
    })
    expect(fourSwingPattern(l1, h1, l2, point(3, "high", 20))).toBeUndefined() // equal levels break nothing
  })

  it("the break is the first close beyond the level from b + 2; known at max(pattern, break); undone past c", () => {
    const closes = [10, 20, 19, 21, 15, 25, 26]
    const bars = barsOf(closes.map((c): Row => [c, c, c, c]))
    const live = [point(0, "low", 10), point(1, "high", 20), point(4, "low", 15), point(5, "high", 25)]
    const st = new StructureTracker()
    st.onSwing(live, bars, 6, 6)
    expect(st.all).toEqual([
      {
        index: 1,
        kind: "BOS",
        direction: "bullish",
        level: 20,
        invalidationLevel: 15,
        brokenAt: 3,
        confirmedAt: 6,
        supersededAt: null
      }
    ])
  })

  it("a pending level broken later is confirmed then; a later level broken no later supersedes an older one", () => {
    const closes = [10, 20, 12, 18, 14, 19, 19, 30]
    const bars = barsOf(closes.map((c): Row => [c, c, c, c]))
    const st = new StructureTracker()
    const a = [point(0, "low", 10), point(1, "high", 20), point(2, "low", 12), point(3, "high", 21)]
    st.onSwing(a, bars, 3, 3)
    expect(st.all).toEqual([]) // no close above 20 yet
    const b = [...a, point(4, "low", 13), point(5, "high", 22)]
    st.onSwing(b, bars, 5, 5) // pattern at b = 3 (level 21), also pending
    for (let t = 6; t < closes.length; t++) {
      st.onBar(bars, t, t)
    }
    // bar 7 closes at 30: both break there; the newer level (21, at bar 3) supersedes the older (20).
    expect(st.all.map((e) => [e.index, e.level, e.brokenAt, e.supersededAt])).toEqual([
      [1, 20, 7, 7],
      [3, 21, 7, null]
    ])
  })
})

describe("fair value gaps", () => {
  it("bullish: bullish middle body and h[i−1] < l[i+1]; mitigated at the first touch of the top from i + 2", () => {
    const rows: Array<Row> = [
      [10, 11, 9, 10.5],
      [10.5, 14, 10.4, 13.8],
      [13.8, 15, 12, 14.5], // gap [11, 12] at middle bar 1, known at 2
      [14.5, 15, 12.5, 13],
      [13, 13.2, 11.9, 12.5] // low 11.9 ≤ 12
    ]
    const t = new FvgTracker()
    const bars = barsOf(rows)
    for (let i = 0; i < rows.length; i++) t.push(bars, i, i)
    expect(t.all).toEqual([{ index: 1, direction: "bullish", top: 12, bottom: 11, confirmedAt: 2, mitigatedAt: 4 }])
  })

  it("a doji middle bar makes no gap; bearish needs a bearish body", () => {
    const rows: Array<Row> = [
      [20, 21, 19, 20],
      [18, 18.5, 16, 18], // doji
      [16, 17, 15, 15.5]
    ]
    const t = new FvgTracker()
    const bars = barsOf(rows)
    for (let i = 0; i < rows.length; i++) t.push(bars, i, i)
    expect(t.all).toEqual([])
    const bearish = barsOf([rows[0]!, [18.5, 18.5, 16, 17], rows[2]!])
    const b = new FvgTracker()
    for (let i = 0; i < 3; i++) b.push(bearish, i, i)
    expect(b.all).toEqual([{ index: 1, direction: "bearish", top: 19, bottom: 17, confirmedAt: 2, mitigatedAt: null }])
  })
})

describe("order blocks", () => {
  it("close above the last swing high → OB at the lowest low between; breaker on a trade below; invalid above", () => {
    const rows: Array<Row> = [
      [10, 12, 9, 11], // swing high 12 at bar 0
      [11, 11.5, 8, 9, 10],
      [9, 10, 7.5, 8, 20], // lowest low: OB [7.5, 10]
      [8, 11, 8, 10.5, 30],
      [10.5, 13, 10, 12.5, 40], // close 12.5 > 12: OB created
      [12.5, 12.6, 7, 8], // low 7 < 7.5: breaker (mitigated)
      [8, 10.5, 8, 10.2] // high 10.5 > 10: invalidated
    ]
    const bars = barsOf(rows)
    const ob = new OrderBlockTracker()
    const high = point(0, "high", 12)
    for (let t = 0; t < rows.length; t++) ob.push(bars, t, t, high, undefined)
    expect(ob.all).toEqual([
      {
        index: 2,
        direction: "bullish",
        top: 10,
        bottom: 7.5,
        volume: 90,
        percentage: (100 * 20) / 70,
        confirmedAt: 4,
        mitigatedAt: 5,
        invalidatedAt: 6
      }
    ])
    expect(ob.latestUnmitigated("bullish")).toBeUndefined()
  })

  it("a swing level is used once", () => {
    const rows: Array<Row> = [
      [10, 12, 9, 11],
      [11, 11.5, 8, 9],
      [9, 13, 9, 12.5],
      [12.5, 13, 11, 12.8]
    ]
    const bars = barsOf(rows)
    const ob = new OrderBlockTracker()
    for (let t = 0; t < rows.length; t++) ob.push(bars, t, t, point(0, "high", 12), undefined)
    expect(ob.all.map((o) => [o.index, o.confirmedAt])).toEqual([[1, 2]])
    expect(ob.latestUnmitigated("bullish")?.index).toBe(1)
  })
})

describe("liquidity", () => {
  it("equal highs within range_percent of the range group into one pool, swept by a trade through the band", () => {
    // Range so far 100 − 80 = 20 → tolerance 0.2 at 1 %.
    const rows: Array<Row> = [
      [90, 100, 80, 95],
      [95, 99, 90, 96],
      [96, 99.9, 91, 97],
      [97, 99, 92, 98],
      [98, 100.25, 93, 99]
    ]
    const bars = barsOf(rows)
    const liq = new LiquidityTracker(2)
    const feed = (t: number, swing?: SwingPoint) => {
      liq.onBar(bars, t, t)
      if (swing !== undefined) liq.onSwing(swing, bars, t, t)
    }
    feed(0)
    feed(1, point(0, "high", 100))
    feed(2)
    feed(3, point(2, "high", 99.9)) // within 100 ± 0.2: joins, the pool exists from bar 3
    feed(4) // high 100.25 ≥ 100 + 0.2: swept
    expect(liq.all).toHaveLength(1)
    const pool = liq.all[0]!
    expect(pool).toMatchObject({ index: 0, direction: "bullish", confirmedAt: 3, sweptAt: 4 })
    expect(pool.tolerance).toBeCloseTo(0.2, 12)
    expect(poolLevel(pool)).toBeCloseTo(99.95, 12)
  })

  it("a single swing is no pool; a level outside the band starts its own", () => {
    const bars = barsOf([
      [90, 100, 80, 95],
      [95, 99, 90, 96],
      [96, 99, 91, 97]
    ])
    const liq = new LiquidityTracker(2)
    liq.onBar(bars, 0, 0)
    liq.onBar(bars, 1, 1)
    liq.onSwing(point(0, "high", 100), bars, 1, 1)
    liq.onBar(bars, 2, 2)
    liq.onSwing(point(1, "high", 99), bars, 2, 2)
    expect(liq.all).toEqual([])
  })
})
