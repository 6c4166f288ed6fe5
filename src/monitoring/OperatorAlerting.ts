import { Clock, Effect, Layer } from "effect"
import type { Alert } from "./Alert.ts"
import { Alerts } from "./Alerts.ts"
import { operatorKillAlert, resumeAlert } from "./AlertTemplates.ts"
import { Operator } from "./OperatorPort.ts"

/** A surface of the live process that acts on the kill switch, as its alerts name it. */
export type ActingSurface = "Telegram" | "dashboard"

/**
 * The Operator port as one acting surface sees it: a kill it latches and a resume that clears something also go
 * out through the alert channels, like `trading kill|resume` from the command line (the command's own reply only
 * reaches whoever issued it). Once per engagement: a kill of a switch already latched and a resume with nothing to
 * clear change nothing and alert nothing; the tick does not alert these again (it alerts only what its own safety
 * cycle latches). The time in the text keeps a second engagement within the throttle window from being dropped as
 * a duplicate of the first.
 */
export const alertingOperator = (surface: ActingSurface): Layer.Layer<Operator, never, Operator | Alerts> =>
  Layer.effect(
    Operator,
    Effect.gen(function* () {
      const port = yield* Operator
      const alerts = yield* Alerts
      const alertNow = (alertAt: (at: number) => Alert) =>
        Effect.flatMap(Clock.currentTimeMillis, (at) => alerts.send(alertAt(at)))
      return Operator.of({
        ...port,
        kill: (reason) =>
          Effect.tap(port.kill(reason), (outcome) =>
            outcome.alreadyActive
              ? Effect.void
              : alertNow((at) =>
                  operatorKillAlert({ detail: reason, flatten: false, alreadyActive: false, source: surface, at })
                )
          ),
        resume: Effect.tap(port.resume, (outcome) =>
          outcome.resumed
            ? alertNow((at) => resumeAlert(`${surface}: ${outcome.detail}\ncleared ${new Date(at).toISOString()}`))
            : Effect.void
        )
      })
    })
  )
