import { Clock, Duration, Effect, Either, Fiber, Schema } from "effect"
import { SystemEvent } from "../../domain/SystemEvent.ts"
import { Executor } from "../../execution/Executor.ts"
import { PositionRegistry } from "../../execution/PositionRegistry.ts"
import { needsRepair } from "../../execution/ProtectionCheck.ts"
import { ProtectionService } from "../../execution/ProtectionService.ts"
import { Reconciler } from "../../execution/Reconciler.ts"
import { SystemEventRepository } from "../../storage/SystemEventRepository.ts"

/** The graceful stop did not finish within `runtime.shutdown_timeout_seconds`: the process exits non-zero. */
export class ShutdownTimedOut extends Schema.TaggedError<ShutdownTimedOut>()("ShutdownTimedOut", {
  timeoutSeconds: Schema.Number
}) {
  override get message(): string {
    return (
      `the graceful stop did not finish within runtime.shutdown_timeout_seconds (${this.timeoutSeconds} s); ` +
      "stopping anyway: run `trading tools place-missing-stops` to check every position has its stop"
    )
  }
}

/** Where the last pass of a stop left things: all zero means nothing in flight and every position protected. */
export interface ShutdownState {
  /** Order intents the venue may or may not hold (a restart resolves them first). */
  readonly unresolvedIntents: number
  /** Positions whose market entry is still in flight (no fill, no final status yet). */
  readonly pendingEntries: number
  /** Venue positions without working stops for their size. */
  readonly unprotected: number
  /** Registry and venue still disagree on these symbols (a difference acts on its second sighting). */
  readonly unsettled: number
}

const isSettled = (s: ShutdownState) =>
  s.unresolvedIntents === 0 && s.pendingEntries === 0 && s.unprotected === 0 && s.unsettled === 0

/**
 * One pass of the execution services with no new entry: settle answers (unknown placements, late fills),
 * reconcile registry and venue (adopting what the venue holds), re-place missing stops without escalating, then
 * look at what is left.
 */
const shutdownPass = Effect.gen(function* () {
  yield* (yield* Executor).settle
  const reconcile = yield* (yield* Reconciler).reconcile
  const protection = yield* ProtectionService
  yield* protection.repair
  const findings = yield* protection.findings
  const registry = yield* PositionRegistry
  return {
    unresolvedIntents: (yield* registry.unresolvedIntents).length,
    pendingEntries: (yield* registry.active).filter((p) => p.state === "PENDING").length,
    unprotected: findings.filter(needsRepair).length,
    unsettled: reconcile.unsettled.length
  } satisfies ShutdownState
})

/** Real time between passes: long enough for an in-flight entry's fill to arrive on the private feed. */
const PASS_PAUSE = Duration.millis(500)
/** Passes before giving up waiting for a settled state (the bound still applies on top). */
const MAX_PASSES = 20

/**
 * Passes until nothing is in flight and every position is protected (at most `MAX_PASSES`). A pass that fails
 * (the venue unreachable) is logged and retried on the next round: the stop goes on, the stops already on the
 * venue keep protecting.
 */
const settleForShutdown = Effect.gen(function* () {
  let last: ShutdownState | undefined
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const result = yield* Effect.either(shutdownPass)
    if (Either.isRight(result)) {
      last = result.right
      if (isSettled(last)) return { state: last, passes: pass }
    } else yield* Effect.logWarning(`shutdown pass ${pass} failed: ${result.left.message}`)
    yield* Effect.sleep(PASS_PAUSE)
  }
  return { state: last, passes: MAX_PASSES }
})

export interface GracefulStopSettings {
  /** `runtime.shutdown_timeout_seconds`, real time from the stop request to the end of the last record. */
  readonly timeout: Duration.DurationInput
  /** Why the process stops: "signal" (SIGTERM/SIGINT) or "max_ticks". */
  readonly reason: string
}

/**
 * The graceful stop (runtime-and-ops §8, issue #8): the tick loop ends (the tick in progress finishes, no
 * further tick starts, so no new entry), then the execution services settle every in-flight order and leave
 * every position with its stop, and a `shutdown` event records what was left. Bounded by `timeout` from the
 * stop request: past it the stop fails with `ShutdownTimedOut` (logged), and the caller's process exits non-zero.
 * Runs interruptibly inside the caller's finalizer, so the bound holds even when the tick in progress hangs.
 */
export const stopGracefully = <E>(loop: Fiber.Fiber<void, E>, settings: GracefulStopSettings) =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    yield* Effect.logInfo(`stopping (${settings.reason}): no new tick; finishing the tick in progress`)
    yield* Fiber.interrupt(loop)
    yield* Effect.logInfo("settling in-flight orders and checking every position has its stop")
    const { state, passes } = yield* settleForShutdown
    const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1_000
    const details = { reason: settings.reason, passes, seconds, ...(state ?? { venueUnreachable: true }) }
    yield* (yield* SystemEventRepository).append(
      new SystemEvent({ timestamp: yield* Clock.currentTimeMillis, eventType: "shutdown", details })
    )
    if (state === undefined || !isSettled(state)) {
      yield* Effect.logWarning(`stopped with work left for the next start: ${JSON.stringify(details)}`)
    } else yield* Effect.logInfo(`stopped cleanly in ${seconds.toFixed(1)} s: every position protected`)
  }).pipe(
    Effect.interruptible,
    Effect.timeoutFail({
      duration: settings.timeout,
      onTimeout: () => new ShutdownTimedOut({ timeoutSeconds: Duration.toSeconds(settings.timeout) })
    }),
    Effect.tapError((e) => Effect.logWarning(e.message))
  )
