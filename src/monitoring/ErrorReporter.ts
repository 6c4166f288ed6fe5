import { Clock, Effect, Ref } from "effect"
import { Alerts } from "./Alerts.ts"
import { repeatedErrorsAlert } from "./AlertTemplates.ts"
import { type ErrorBurstPolicy, emptyErrorBurst, recordError } from "./ErrorBurst.ts"
import { recordApiError } from "./Metrics.ts"
import { tracedFn } from "./TracedFn.ts"

/** Five errors of one kind within five minutes make one alert. */
export const DEFAULT_ERROR_BURST: ErrorBurstPolicy = { threshold: 5, windowMs: 300_000 }

export type ReportError = (kind: string, message: string) => Effect.Effect<void>

/** Counts every error in `trading_api_errors_total{kind}` and alerts on bursts (`repeated_errors`). */
export const makeErrorReporter = tracedFn("ErrorReporter.make")(function* (
  policy: ErrorBurstPolicy = DEFAULT_ERROR_BURST
) {
  const alerts = yield* Alerts
  const state = yield* Ref.make(emptyErrorBurst)
  const report: ReportError = (kind, message) =>
    Effect.gen(function* () {
      yield* recordApiError(kind)
      const now = yield* Clock.currentTimeMillis
      const burst = yield* Ref.modify(state, (current) => recordError(current, kind, now, policy))
      if (burst !== undefined) yield* alerts.send(repeatedErrorsAlert(kind, burst, policy.windowMs / 1000, message))
    })
  return report
})
