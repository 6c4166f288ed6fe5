import { describe, expect, it } from "vitest"
import { nextNonce } from "../../../../src/exchange/kraken/auth/Nonce.ts"

describe("nextNonce", () => {
  it("follows the clock when it is ahead", () => {
    expect(nextNonce(1_700_000_000_000, 1_700_000_000_500)).toBe(1_700_000_000_500)
  })

  it("never repeats within one millisecond", () => {
    const first = nextNonce(0, 1_700_000_000_000)
    const second = nextNonce(first, 1_700_000_000_000)
    expect(second).toBe(first + 1)
  })

  it("never goes backwards when the clock steps back", () => {
    expect(nextNonce(1_700_000_005_000, 1_700_000_000_000)).toBe(1_700_000_005_001)
  })

  it("continues a persisted sequence after a restart", () => {
    const persisted = 1_800_000_000_000
    expect(nextNonce(persisted, 1_700_000_000_000)).toBeGreaterThan(persisted)
  })

  it("truncates a fractional clock to whole milliseconds", () => {
    expect(nextNonce(0, 1_700_000_000_000.9)).toBe(1_700_000_000_000)
  })

  it("is strictly increasing over any clock sequence", () => {
    const clock = [5, 5, 3, 10, 10, 9, 2, 11, 11, 100, 50]
    let last = 0
    for (const now of clock) {
      const next = nextNonce(last, now)
      expect(next).toBeGreaterThan(last)
      expect(next).toBeGreaterThanOrEqual(now)
      last = next
    }
  })
})
