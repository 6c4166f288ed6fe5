import { Effect, Layer } from "effect"
import type { Alert } from "../../src/monitoring/Alert.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { Alerts } from "../../src/monitoring/Alerts.ts"

/**
 * An `Alerts` that keeps every alert it is sent, in order, with no throttle in between: a repeated alert cannot
 * hide as a duplicate. `sent` is the record.
 */
export const recordingAlerts = () => {
  const sent: Array<Alert> = []
  const layer = Layer.succeed(Alerts, {
    send: (alert) => Effect.sync(() => void sent.push(alert)),
    // Delivery counters are the real Alerts' business: a test reading them here has the wrong double
    stats: Effect.dieMessage("recordingAlerts keeps no delivery stats")
  })
  return { sent, layer }
}

/** An `AlertSink` over `recordingAlerts` whose error burst is two errors within a minute. */
export const recordingAlertSink = () => {
  const { sent, layer } = recordingAlerts()
  return { sent, layer: AlertSink.layerWith({ threshold: 2, windowMs: 60_000 }).pipe(Layer.provide(layer)) }
}
