import { Duration, Effect, Queue } from "effect"

/** Takes from `queue` until `match` accepts an item; fails the test after `timeout` (bounded, never hangs). */
export function awaitItem<A, B extends A>(
  queue: Queue.Dequeue<A>,
  match: (a: A) => a is B,
  timeout?: Duration.DurationInput
): Effect.Effect<B>
export function awaitItem<A>(
  queue: Queue.Dequeue<A>,
  match: (a: A) => boolean,
  timeout?: Duration.DurationInput
): Effect.Effect<A>
export function awaitItem<A>(
  queue: Queue.Dequeue<A>,
  match: (a: A) => boolean,
  timeout: Duration.DurationInput = "3 seconds"
): Effect.Effect<A> {
  return Effect.gen(function* () {
    for (;;) {
      const item = yield* Queue.take(queue)
      if (match(item)) return item
    }
  }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => new Error(`no matching item within ${Duration.format(timeout)}`)
    }),
    Effect.orDie
  )
}

/** Polls `check` every 10 ms until it holds; dies after `timeout`. */
export const eventually = (check: () => boolean, timeout: Duration.DurationInput = "3 seconds"): Effect.Effect<void> =>
  Effect.gen(function* () {
    while (!check()) yield* Effect.sleep("10 millis")
  }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => new Error(`condition not met within ${Duration.format(timeout)}`)
    }),
    Effect.orDie
  )
