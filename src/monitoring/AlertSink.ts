import { Context, Effect, Layer } from "effect"
import { Alerts } from "./Alerts.ts"
import type { ErrorBurstPolicy } from "./ErrorBurst.ts"
import { DEFAULT_ERROR_BURST, makeErrorReporter, type ReportError } from "./ErrorReporter.ts"
import { alertOf, type TradingEvent } from "./TradingEvent.ts"

/**
 * What the live tick calls to tell the operator. Both calls return at once and never fail: alerts are throttled
 * and queued by `Alerts`, a failing channel only logs.
 */
export interface AlertSinkService {
  readonly notify: (event: TradingEvent) => Effect.Effect<void>
  /** Counts the error in `trading_api_errors_total{kind}`; a burst of one kind raises `repeated_errors`. */
  readonly reportError: ReportError
}

export class AlertSink extends Context.Tag("AlertSink")<AlertSink, AlertSinkService>() {
  /** Over the process's `Alerts`, with one error-burst memory for the whole process. */
  static readonly layerWith = (policy: ErrorBurstPolicy): Layer.Layer<AlertSink, never, Alerts> =>
    Layer.effect(
      AlertSink,
      Effect.gen(function* () {
        const alerts = yield* Alerts
        const reportError = yield* makeErrorReporter(policy)
        return AlertSink.of({ notify: (event) => alerts.send(alertOf(event)), reportError })
      })
    )

  /** Five errors of one kind within five minutes make one alert. */
  static readonly layer: Layer.Layer<AlertSink, never, Alerts> = AlertSink.layerWith(DEFAULT_ERROR_BURST)
}
