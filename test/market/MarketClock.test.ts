import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { MarketClock } from "../../src/market/MarketClock.ts"

describe("MarketClock", () => {
  it.effect("accelerated: starts at the configured instant and runs `speed` times faster than real time", () =>
    Effect.gen(function* () {
      const clock = yield* MarketClock
      expect(yield* clock.now).toBe(1_735_689_600_000)
      yield* TestClock.adjust(Duration.seconds(2))
      expect(yield* clock.now).toBe(1_735_689_600_000 + 120_000)
      expect(clock.realDelayMs(60_000)).toBe(1_000)
    }).pipe(Effect.provide(MarketClock.accelerated({ startMs: 1_735_689_600_000, speed: 60 })))
  )

  it.effect("live: market time is the real clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_000_000)
      const clock = yield* MarketClock
      expect(yield* clock.now).toBe(1_000_000)
      expect(clock.realDelayMs(60_000)).toBe(60_000)
    }).pipe(Effect.provide(MarketClock.live))
  )
})
