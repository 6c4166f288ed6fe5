import { Clock, Duration, Effect, Layer } from "effect"
import { MarketClock } from "../market/MarketClock.ts"

/**
 * The backtest's one notion of time: the driver sets it to each tick's market time, and both the MarketClock and
 * Effect's Clock read it, so candles, decisions, operational records and order intents all carry market time and
 * a run is reproducible to the byte. Sleeping never waits: it moves the clock on by the duration and returns, so a
 * retry schedule or a confirmation delay inside the pipeline finishes at once, and a bounded schedule still ends.
 */
export interface VirtualClock {
  /** Moves time forward to `ms` (never back: a sleep may already have passed it). */
  readonly advanceTo: (ms: number) => void
  readonly nowMs: () => number
  /** Effect's Clock on this time: run the whole backtest under `Effect.withClock(clock.clock)`. */
  readonly clock: Clock.Clock
  /** The MarketClock on this time. */
  readonly marketClock: Layer.Layer<MarketClock>
}

export const makeVirtualClock = (startMs: number): VirtualClock => {
  let now = startMs
  const advanceTo = (ms: number) => {
    if (ms > now) now = ms
  }
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => now,
    unsafeCurrentTimeNanos: () => BigInt(now) * 1_000_000n,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    sleep: (duration) => Effect.sync(() => advanceTo(now + Duration.toMillis(duration)))
  }
  return {
    advanceTo,
    nowMs: () => now,
    clock,
    marketClock: Layer.succeed(MarketClock, {
      now: Effect.sync(() => now),
      // Nothing waits in real time: a backtest is as fast as the machine
      realDelayMs: () => 0
    })
  }
}
