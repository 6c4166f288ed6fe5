import { Duration, Effect, Exit, Schedule } from "effect"
import { Exchange } from "../Exchange.ts"

export interface DeadMansSwitchOptions {
  /** How often the switch is pushed back; well under `timeoutSeconds` so one lost refresh is not fatal. */
  readonly every: Duration.DurationInput
  /** The venue cancels every order this long after the last refresh (Kraken `cancel_all_orders_after`). */
  readonly timeoutSeconds: number
}

/**
 * Arms the venue's dead man's switch now and keeps refreshing it from a fiber of the current scope, so a bot that
 * hangs or loses its connection has its orders cancelled `timeoutSeconds` later. A failed arming or refresh is
 * logged and the next one tries again. Closing the scope cleanly (success or interruption) disarms the switch; a scope that
 * closes with a failure leaves it armed, since then nobody is watching the orders. Works on any `Exchange`.
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
    const refresh = exchange
      .refreshDeadMansSwitch(options.timeoutSeconds)
      .pipe(Effect.catchAll((e) => Effect.logWarning(`dead man's switch refresh failed: ${e.message}`)))
    // The private feed may still be connecting: the first arming is retried for one interval, then by the loop
    yield* exchange.refreshDeadMansSwitch(options.timeoutSeconds).pipe(
      Effect.retry(Schedule.spaced("250 millis").pipe(Schedule.upTo(every))),
      Effect.catchAll((e) => Effect.logWarning(`dead man's switch not armed yet: ${e.message}`))
    )
    yield* Effect.addFinalizer((exit) =>
      Exit.isSuccess(exit) || Exit.isInterrupted(exit)
        ? exchange
            .refreshDeadMansSwitch(0)
            .pipe(Effect.catchAll((e) => Effect.logWarning(`dead man's switch not disarmed: ${e.message}`)))
        : Effect.logWarning("dead man's switch left armed: the scope closed with a failure")
    )
    yield* Effect.forkScoped(Effect.repeat(refresh, Schedule.spaced(every)).pipe(Effect.delay(every)))
  }).pipe(Effect.withSpan("keepDeadMansSwitch"))
