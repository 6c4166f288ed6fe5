import { Clock, Context, Effect, Layer } from "effect"

/**
 * The market's notion of "now", in epoch milliseconds. Live trading reads the real clock; the simulated venue
 * runs an accelerated clock that starts at a configured instant and advances `speed` simulated milliseconds per
 * real millisecond. Both read Effect's Clock, so tests drive them with TestClock.
 */
export class MarketClock extends Context.Tag("MarketClock")<
  MarketClock,
  {
    readonly now: Effect.Effect<number>
    /** Real milliseconds to wait for `simulatedMs` of market time to pass. */
    readonly realDelayMs: (simulatedMs: number) => number
  }
>() {
  static readonly live = Layer.succeed(MarketClock, {
    now: Clock.currentTimeMillis,
    realDelayMs: (simulatedMs) => simulatedMs
  })

  static readonly accelerated = (options: { readonly startMs: number; readonly speed: number }) =>
    Layer.effect(
      MarketClock,
      Effect.map(Clock.currentTimeMillis, (realStart) => ({
        now: Effect.map(Clock.currentTimeMillis, (real) =>
          Math.floor(options.startMs + (real - realStart) * options.speed)
        ),
        realDelayMs: (simulatedMs: number) => simulatedMs / options.speed
      }))
    )
}
