import { Effect } from "effect"
import type { ExecutionAlert } from "../execution/EffectInterpreter.ts"
import type { AlertSinkService } from "./AlertSink.ts"
import { TradingEvent } from "./TradingEvent.ts"

/**
 * Execution alerts reach the operator: a lost stop as a naked-position alert, a quarantined close as its own
 * critical alert saying what to do, a broken invariant as a critical alert at once (the record may be stale), also counted as an error.
 */
export const alertOnExecution =
  (sink: AlertSinkService) =>
  (alert: ExecutionAlert): Effect.Effect<void> => {
    switch (alert._tag) {
      case "ProtectionLost":
        return Effect.zipRight(
          Effect.logError(`position ${alert.positionId} lost its protection: ${alert.reason}`),
          sink.notify(
            TradingEvent.NakedPosition({ symbol: alert.symbol, detail: `${alert.positionId}: ${alert.reason}` })
          )
        )
      case "ExitQuarantined":
        return Effect.zipRight(
          Effect.logError(
            `close of ${alert.positionId} (${alert.symbol}) quarantined after ${alert.attempts} failed attempts`
          ),
          sink.notify(
            TradingEvent.ExitQuarantined({
              symbol: alert.symbol,
              positionId: alert.positionId,
              attempts: alert.attempts
            })
          )
        )
      case "InvariantViolation":
        return Effect.zipRight(
          Effect.logError(`execution invariant broken on ${alert.positionId}: ${alert.detail}`),
          Effect.zipRight(
            sink.notify(TradingEvent.ExecutionInvariant({ positionId: alert.positionId, detail: alert.detail })),
            sink.reportError("execution_invariant", `${alert.positionId}: ${alert.detail}`)
          )
        )
    }
  }
