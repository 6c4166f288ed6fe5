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
 * Disarming at close is tried again this often, for at most DISARM_WITHIN: the private feed may be reconnecting, and
 * a switch left armed cancels every order, the stops included, while the bot is down.
 */
const DISARM_RETRY = Schedule.spaced("250 millis")
const DISARM_WITHIN = Duration.seconds(5)

/**
 * Arms the venue's dead man's switch now and keeps refreshing it from a fiber of the current scope, so a bot that
 * hangs or loses its connection has its orders cancelled `timeoutSeconds` later. A failed arming or refresh is
 * retried soon and logged when it keeps failing (a defect too); the attempts go on. Closing the scope cleanly
 * (success or interruption, start-up included) disarms the switch, retried for a few seconds; a scope that closes with
 * a failure leaves it armed, since then nobody is watching the orders. Works on any `Exchange`.
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
    // One round: the switch pushed back, true once the venue took it. Every cause is caught (a defect would
    // otherwise end the refresh loop silently, and the venue would cancel every order a timeout later).
    const round = exchange.refreshDeadMansSwitch(options.timeoutSeconds).pipe(
      Effect.retry(retrySoon(every)),
      Effect.as(true),
      Effect.catchAllCause((cause) =>
        Effect.as(Effect.logWarning("dead man's switch refresh failed for an interval, still trying", cause), false)
      )
    )
    const disarm = exchange.refreshDeadMansSwitch(0).pipe(
      Effect.retry(DISARM_RETRY),
      // Finalizers run uninterruptibly; the retries must be interruptible for their time limit to apply
      Effect.interruptible,
      Effect.timeout(DISARM_WITHIN),
      Effect.catchAll((e) => Effect.logWarning(`dead man's switch not disarmed: ${e.message}`))
    )
    // Before the first arming: a start-up interrupted mid-arming must not leave the switch armed (disarming a switch
    // never armed is harmless)
    yield* Effect.addFinalizer((exit) =>
      Exit.isSuccess(exit) || Exit.isInterrupted(exit)
        ? disarm
        : Effect.logWarning("dead man's switch left armed: the scope closed with a failure")
    )
    const armed = yield* round
    yield* Effect.forkScoped(Effect.scheduleFrom(round, armed, nextRound(every)))
  }).pipe(Effect.withSpan("keepDeadMansSwitch"))
