import { describe, expect, it } from "vitest"
import { fibConfluence, fibLevels, fibScore } from "../../src/strategy/Fibonacci.ts"
import { fractals } from "../../src/strategy/Fractals.ts"
import { barsOf, flat, type Row } from "./bars.ts"

describe("fractal swing points", () => {
  it("needs strictly higher highs than both neighbours; window edges never qualify", () => {
    const high = Float64Array.from([1, 3, 2, 5, 4, 4, 6])
    const low = Float64Array.from([0, 2, 1, 4, 3, 3, 5])
    const f = fractals(high, low, 7, 7)
    expect(f.highs).toEqual([3, 5])
    expect(f.lows).toEqual([1])
    // the last 4 bars only: 5 is the window's first bar now
    expect(fractals(high, low, 7, 4).highs).toEqual([])
  })
})

describe("Fibonacci levels", () => {
  const rows: Array<Row> = Array.from({ length: 25 }, () => flat(150, 10))
  rows[2] = [150, 500, 140, 150] // dropped: the window is the last min(100, N − 5) = 20 bars
  rows[10] = [150, 200, 140, 150]
  rows[20] = [150, 160, 100, 150]
  const fib = fibLevels(barsOf(rows).high, barsOf(rows).low, 25, 100)

  it("takes the highest high and lowest low of the last N − 5 bars and measures up from the low", () => {
    expect(fib).toMatchObject({ swingHigh: 200, swingLow: 100, highIndex: 10, lowIndex: 20, range: 100 })
    expect(fib?.levels[3]).toBeCloseTo(161.8, 9)
    expect(fib?.oteLow).toBeCloseTo(170.5, 9)
    expect(fib?.oteHigh).toBeCloseTo(179, 9)
  })

  it("needs 20 bars", () => {
    expect(fibLevels(barsOf(rows).high, barsOf(rows).low, 19, 100)).toBeUndefined()
  })

  it("gate: OTE inclusive or within the proximity of any level; score 15 / 10 / 5 / 0", () => {
    if (fib === undefined) throw new Error("levels expected")
    expect(fibConfluence(fib, 170.5, 20)).toBe(true)
    expect(fibScore(fib, 175, 20)).toBe(15)
    expect(fibScore(fib, 138.2 * 1.001, 20)).toBe(10) // 0.1 % from 0.382 with 0.2 % tolerance
    expect(fibScore(fib, 227.2, 20)).toBe(5)
    expect(fibConfluence(fib, 123.6, 20)).toBe(true) // 0.236 passes the gate …
    expect(fibScore(fib, 123.6, 20)).toBe(0) // … and scores nothing
    expect(fibConfluence(fib, 190, 20)).toBe(false)
    expect(fibScore(undefined, 175, 20)).toBe(0)
  })
})
