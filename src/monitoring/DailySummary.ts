import { Clock, Duration, Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { Alerts } from "./Alerts.ts"
import { dailySummaryAlert } from "./AlertTemplates.ts"
import { Operator } from "./OperatorPort.ts"

const DAY_MS = 86_400_000
/** One minute before midnight UTC, while the Operator's "today" still means the day being summarised. */
const SEND_AT_MS = DAY_MS - 60_000

/** Milliseconds from `now` to the next 23:59:00 UTC (a full day when `now` is exactly that moment). */
export const msUntilNextSummary = (now: number): number => {
  const intoDay = ((now % DAY_MS) + DAY_MS) % DAY_MS
  return intoDay < SEND_AT_MS ? SEND_AT_MS - intoDay : DAY_MS - intoDay + SEND_AT_MS
}

const sendSummary = Effect.gen(function* () {
  const now = yield* Clock.currentTimeMillis
  const day = new Date(now).toISOString().slice(0, 10)
  const pnl = yield* Effect.flatMap(Operator, (operator) => operator.pnl)
  yield* Effect.flatMap(Alerts, (alerts) => alerts.send(dailySummaryAlert(day, pnl)))
}).pipe(
  Effect.catchAll((error) =>
    Effect.logWarning("daily summary skipped").pipe(Effect.annotateLogs({ error: error.message }))
  )
)

/** Sends the daily P&L summary every day at 23:59 UTC, forever. */
export const runDailySummary: Effect.Effect<never, never, Operator | Alerts> = Effect.gen(function* () {
  const now = yield* Clock.currentTimeMillis
  yield* Effect.sleep(Duration.millis(msUntilNextSummary(now)))
  yield* sendSummary
}).pipe(Effect.forever)

/** The summary fiber when `monitoring.daily_summary_enabled`. */
export const layer: Layer.Layer<never, never, AppConfig | Operator | Alerts> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    config.monitoring.daily_summary_enabled ? Layer.scopedDiscard(Effect.forkScoped(runDailySummary)) : Layer.empty
  )
)
