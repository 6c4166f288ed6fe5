import { Duration, Effect, Exit, Schedule } from "effect"
import { Exchange } from "../Exchange.ts"

export interface DeadMansSwitchOptions {
  /** How often the switch is pushed back; well under `timeoutSeconds` so one lost refresh is not fatal. */
  readonly every: Duration.DurationInput
  /** The venue cancels every order this long after the last refresh (Kraken `cancel_all_orders_after`). */
  readonly timeoutSeconds: number
}

/** The longest wait before a failed arming or refresh is tried again: a quarter interval. */
const retryGap = (every: Duration.Duration) => Duration.times(every, 0.25)

/**
 * A failed arming or refresh is tried again soon, not an interval later: after 250 ms, doubling up to `retryGap`,
 * for about one interval (the private feed may still be connecting, or reconnecting).
 */
const retrySoon = (every: Duration.Duration) =>
  Schedule.exponential("250 millis").pipe(Schedule.either(Schedule.spaced(retryGap(every))), Schedule.upTo(every))

/** The next round one interval after a success, `retryGap` after a round that failed throughout. */
const nextRound = (every: Duration.Duration) =>
  Schedule.identity<boolean>().pipe(Schedule.addDelay((armed) => (armed ? every : retryGap(every))))

/**
 * Arms the venue's dead man's switch now and keeps refreshing it from a fiber of the current scope, so a bot that
 * hangs or loses its connection has its orders cancelled `timeoutSeconds` later. A failed arming or refresh is
 * retried soon and logged when it keeps failing; the attempts go on. Closing the scope cleanly (success or
 * interruption) disarms the switch; a scope that closes with a failure leaves it armed, since then nobody is
 * watching the orders. Works on any `Exchange`.
 */
export const keepDeadMansSwitch = (options: DeadMansSwitchOptions) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const every = Duration.decode(options.every)
    if (!(options.timeoutSeconds > 0) || Duration.toSeconds(every) >= options.timeoutSeconds) {
      return yield* Effect.dieMessage(
        `dead man's switch: refresh every ${Duration.format(every)} must be shorter than its ${options.timeoutSeconds} s timeout`
      )
    }
    // One round: the switch pushed back, true once the venue took it
    const round = exchange.refreshDeadMansSwitch(options.timeoutSeconds).pipe(
      Effect.retry(retrySoon(every)),
      Effect.as(true),
      Effect.catchAll((e) =>
        Effect.as(
          Effect.logWarning(`dead man's switch refresh failed for an interval, still trying: ${e.message}`),
          false
        )
      )
    )
    const armed = yield* round
    yield* Effect.addFinalizer((exit) =>
      Exit.isSuccess(exit) || Exit.isInterrupted(exit)
        ? exchange
            .refreshDeadMansSwitch(0)
            .pipe(Effect.catchAll((e) => Effect.logWarning(`dead man's switch not disarmed: ${e.message}`)))
        : Effect.logWarning("dead man's switch left armed: the scope closed with a failure")
    )
    yield* Effect.forkScoped(Effect.scheduleFrom(round, armed, nextRound(every)))
  }).pipe(Effect.withSpan("keepDeadMansSwitch"))
