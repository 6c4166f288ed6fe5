import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Ref, TestClock } from "effect"
import { makeRequestPacer } from "../../../../src/exchange/kraken/client/RequestPacer.ts"

describe("RequestPacer", () => {
  it.effect("K52 public REST calls wait for the budget instead of failing: a burst, then one per refill", () =>
    Effect.gen(function* () {
      const pacer = yield* makeRequestPacer({ capacity: 2, refillPerSecond: 1 })
      const done = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 4 }, () => pacer.paced(Ref.update(done, (n) => n + 1))),
          {
            concurrency: "unbounded"
          }
        )
      )
      yield* TestClock.adjust("1 millis")
      expect(yield* Ref.get(done)).toBe(2)
      yield* TestClock.adjust("999 millis")
      expect(yield* Ref.get(done)).toBe(3)
      yield* TestClock.adjust("1 second")
      expect(yield* Ref.get(done)).toBe(4)
      yield* Fiber.join(fiber)
    })
  )
})
