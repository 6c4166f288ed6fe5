import { describe, expect, it } from "@effect/vitest"
import { hashString, Random, xoshiro128ss } from "../../src/domain/Random.ts"

const draw = (rng: Random, n: number) => Array.from({ length: n }, () => rng.uint32())

describe("Random", () => {
  it("hashString is 32-bit FNV-1a (published test vectors)", () => {
    expect(hashString("")).toBe(0x811c9dc5)
    expect(hashString("a")).toBe(0xe40c292c)
    expect(hashString("foobar")).toBe(0xbf9cf968)
  })

  it("the same seed and label give the same stream; another seed or label gives another", () => {
    expect(draw(new Random(42, "BTC/USD"), 100)).toEqual(draw(new Random(42, "BTC/USD"), 100))
    expect(draw(new Random(42, "BTC/USD"), 100)).not.toEqual(draw(new Random(43, "BTC/USD"), 100))
    expect(draw(new Random(42, "BTC/USD"), 100)).not.toEqual(draw(new Random(42, "ETH/USD"), 100))
    expect(draw(new Random(42), 100)).not.toEqual(draw(new Random(42 + 2 ** 32), 100))
    expect(draw(new Random(-1), 100)).not.toEqual(draw(new Random(1), 100))
  })

  it("labelled streams are uncorrelated", () => {
    const a = new Random(7, "a")
    const b = new Random(7, "b")
    const n = 50_000
    let sum = 0
    for (let i = 0; i < n; i++) sum += (a.float() - 0.5) * (b.float() - 0.5)
    // Correlation of independent uniforms: sd of the estimate is 1/sqrt(n) ≈ 0.0045
    expect(Math.abs((sum / n) * 12)).toBeLessThan(0.02)
  })

  it("float is uniform in [0, 1)", () => {
    const rng = new Random(1)
    const xs = Array.from({ length: 100_000 }, () => rng.float())
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const bins = new Array<number>(10).fill(0)
    for (const x of xs) bins[Math.floor(x * 10)]! += 1
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })

  it("normal has mean 0, variance 1 and normal tails", () => {
    const rng = new Random(2)
    const n = 200_000
    const xs = Array.from({ length: n }, () => rng.normal())
    const mean = xs.reduce((s, x) => s + x, 0) / n
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n
    expect(Math.abs(mean)).toBeLessThan(0.01)
    expect(Math.abs(variance - 1)).toBeLessThan(0.02)
    // P(|Z| > 2) = 4.55 %
    expect(Math.abs(xs.filter((x) => Math.abs(x) > 2).length / n - 0.0455)).toBeLessThan(0.003)
  })

  it("int covers [min, max] inclusively and nothing else; between and exponential stay in range", () => {
    const rng = new Random(3)
    const seen = new Set<number>()
    for (let i = 0; i < 10_000; i++) seen.add(rng.int(-2, 3))
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3])
    for (let i = 0; i < 1_000; i++) {
      const x = rng.between(5, 6)
      expect(x >= 5 && x < 6).toBe(true)
      expect(rng.exponential(2)).toBeGreaterThanOrEqual(0)
    }
    const mean = Array.from({ length: 50_000 }, () => rng.exponential(2)).reduce((s, x) => s + x, 0) / 50_000
    expect(Math.abs(mean - 2)).toBeLessThan(0.05)
  })

  it("chance(p) is true with probability p", () => {
    const rng = new Random(4)
    const hits = Array.from({ length: 100_000 }, () => rng.chance(0.3)).filter(Boolean).length
    expect(Math.abs(hits / 100_000 - 0.3)).toBeLessThan(0.01)
  })

  it("fork derives a deterministic child stream that differs from its parent", () => {
    const parent = new Random(5)
    const child = parent.fork("child")
    expect(draw(new Random(5).fork("child"), 20)).toEqual(draw(child, 20))
    expect(draw(new Random(5).fork("other"), 20)).not.toEqual(draw(new Random(5).fork("child"), 20))
    expect(draw(child, 20)).not.toEqual(draw(parent, 20))
  })

  it("xoshiro128ss matches the reference C implementation (state 1, 2, 3, 4)", () => {
    const state = Int32Array.from([1, 2, 3, 4])
    expect(Array.from({ length: 8 }, () => xoshiro128ss(state))).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849
    ])
  })
})
