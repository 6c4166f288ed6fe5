import { Clock, Effect, Layer } from "effect"
import type { EpochMillis } from "../domain/Time.ts"
import type { Alert } from "./Alert.ts"
import { Alerts } from "./Alerts.ts"
import { operatorKillAlert, operatorResumeAlert } from "./AlertTemplates.ts"
import { Operator } from "./OperatorPort.ts"

/** A surface of the live process that acts on the kill switch, as its alerts name it. */
export type ActingSurface = "Telegram" | "dashboard"

/** Where an operator's kill or resume was issued: the command line or a surface of the live process. */
export type OperatorSource = "trading kill" | "trading resume" | ActingSurface

const alertNow = (alertAt: (at: EpochMillis) => Alert) =>
  Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.flatMap(Alerts, (alerts) => alerts.send(alertAt(at))))

/*
 * One rule for every path (`trading kill|resume`, Telegram, the dashboard): once per engagement, and once more when a
 * kill adds flattening to a switch latched without it (every position then closes at the next tick, which the other
 * operators must hear of). Any other kill of a switch already latched and a resume with nothing to clear alert nothing
 * (the issuer's own reply or output says what happened); the tick does not alert these either (it alerts only what
 * its own safety cycle latches). The time in the text keeps a second engagement within the throttle window from being
 * dropped as a duplicate of the first.
 */

/** Alerts a kill the operator issued, when it latched the switch or added flattening to it. */
export const alertOperatorKill = (kill: {
  readonly source: OperatorSource
  readonly alreadyActive: boolean
  /** Flattening added to a switch already latched without it. */
  readonly escalated: boolean
  readonly detail: string
  readonly flatten: boolean
}): Effect.Effect<void, never, Alerts> =>
  kill.alreadyActive && !kill.escalated ? Effect.void : alertNow((at) => operatorKillAlert({ ...kill, at }))

/** Alerts a resume the operator issued, when it cleared something. */
export const alertOperatorResume = (resume: {
  readonly source: OperatorSource
  readonly resumed: boolean
  readonly detail: string
}): Effect.Effect<void, never, Alerts> =>
  resume.resumed ? alertNow((at) => operatorResumeAlert({ ...resume, at })) : Effect.void

/**
 * The Operator port as one acting surface sees it: its kill and resume also go out through the alert channels, like
 * `trading kill|resume` from the command line (the surface's own reply only reaches whoever issued it).
 */
export const alertingOperator = (surface: ActingSurface): Layer.Layer<Operator, never, Operator | Alerts> =>
  Layer.effect(
    Operator,
    Effect.gen(function* () {
      const port = yield* Operator
      const alerts = yield* Alerts
      const alerting = (alert: Effect.Effect<void, never, Alerts>) => Effect.provideService(alert, Alerts, alerts)
      return Operator.of({
        ...port,
        kill: (reason) =>
          Effect.tap(port.kill(reason), ({ alreadyActive }) =>
            // The surfaces never flatten, so their kill never escalates
            alerting(
              alertOperatorKill({ source: surface, alreadyActive, escalated: false, detail: reason, flatten: false })
            )
          ),
        resume: Effect.tap(port.resume, ({ resumed, detail }) =>
          alerting(alertOperatorResume({ source: surface, resumed, detail }))
        )
      })
    })
  )
