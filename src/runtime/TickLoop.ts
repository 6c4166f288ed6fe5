import { type Duration, Effect, Option, Stream } from "effect"

export interface TickLoopOptions {
  /** Real time between tick starts. */
  readonly interval: Duration.DurationInput
  /** Stop after this many ticks; run until interrupted when absent. */
  readonly maxTicks: Option.Option<number>
}

/**
 * Runs `tick` now and then once per interval, strictly one at a time: a tick never overlaps the next, and a slow
 * tick delays the following one instead of stacking up. Each tick runs uninterruptibly, so a shutdown signal lets
 * the tick in progress finish (no half-done step) and stops the loop while it waits for the next one.
 */
export const runTickLoop = <E, R>(
  tick: (tickNumber: number) => Effect.Effect<void, E, R>,
  options: TickLoopOptions
): Effect.Effect<void, E, R> => {
  const ticks = Stream.tick(options.interval).pipe(
    Stream.zipWithIndex,
    Stream.map(([, index]) => index + 1)
  )
  const bounded = Option.match(options.maxTicks, { onNone: () => ticks, onSome: (n) => Stream.take(ticks, n) })
  return Stream.runForEach(bounded, (n) => Effect.uninterruptible(tick(n)))
}
