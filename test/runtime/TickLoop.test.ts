import { describe, expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Fiber, Option, Ref, TestClock } from "effect"
import { runTickLoop } from "../../src/runtime/TickLoop.ts"

describe("runTickLoop", () => {
  it.effect("runs the first tick at once, then one per interval, and stops after maxTicks", () =>
    Effect.gen(function* () {
      const seen = yield* Ref.make<ReadonlyArray<number>>([])
      const fiber = yield* runTickLoop((n) => Ref.update(seen, (xs) => [...xs, n]), {
        interval: Duration.seconds(60),
        maxTicks: Option.some(3)
      }).pipe(Effect.fork)
      yield* TestClock.adjust(Duration.millis(1))
      expect(yield* Ref.get(seen)).toEqual([1])
      yield* TestClock.adjust(Duration.seconds(59))
      expect(yield* Ref.get(seen)).toEqual([1])
      yield* TestClock.adjust(Duration.seconds(1))
      expect(yield* Ref.get(seen)).toEqual([1, 2])
      yield* TestClock.adjust(Duration.seconds(600))
      yield* Fiber.join(fiber)
      expect(yield* Ref.get(seen)).toEqual([1, 2, 3])
    })
  )

  it.effect("never overlaps ticks: a slow tick delays the next one", () =>
    Effect.gen(function* () {
      const running = yield* Ref.make(0)
      const maxRunning = yield* Ref.make(0)
      const tick = () =>
        Effect.gen(function* () {
          const now = yield* Ref.updateAndGet(running, (n) => n + 1)
          yield* Ref.update(maxRunning, (m) => Math.max(m, now))
          yield* Effect.sleep(Duration.seconds(150))
          yield* Ref.update(running, (n) => n - 1)
        })
      const fiber = yield* runTickLoop(tick, { interval: Duration.seconds(60), maxTicks: Option.some(4) }).pipe(
        Effect.fork
      )
      yield* TestClock.adjust(Duration.seconds(2_000))
      yield* Fiber.join(fiber)
      expect(yield* Ref.get(maxRunning)).toBe(1)
    })
  )

  it.effect("interruption lets the tick in progress finish and then stops the loop", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<void>()
      const finished = yield* Ref.make(0)
      const tick = () =>
        Deferred.succeed(started, undefined).pipe(
          Effect.zipRight(Effect.sleep(Duration.seconds(5))),
          Effect.zipRight(Ref.update(finished, (n) => n + 1))
        )
      const fiber = yield* runTickLoop(tick, { interval: Duration.seconds(60), maxTicks: Option.none() }).pipe(
        Effect.fork
      )
      yield* Deferred.await(started)
      const interruption = yield* Fiber.interrupt(fiber).pipe(Effect.fork)
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.join(interruption)
      expect(yield* Ref.get(finished)).toBe(1)
      yield* TestClock.adjust(Duration.seconds(600))
      expect(yield* Ref.get(finished)).toBe(1)
    })
  )
})
