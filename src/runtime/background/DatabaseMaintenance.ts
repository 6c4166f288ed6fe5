import { Duration, Effect, Schedule, type Scope } from "effect"
import type { RetentionConfig } from "../../config/schema/RuntimeConfig.ts"
import { MarketClock } from "../../market/MarketClock.ts"
import type { CandleRepository } from "../../storage/CandleRepository.ts"
import { applyRetention, type RetentionReport } from "../../storage/Retention.ts"
import type { SystemEventRepository } from "../../storage/SystemEventRepository.ts"

/** How often the live process applies retention (real time), and how long after start-up it first does. */
const MAINTENANCE_EVERY = Duration.hours(1)
const MAINTENANCE_FIRST_AFTER = Duration.minutes(5)

const deletedRows = (report: RetentionReport) =>
  Object.values(report.candles).reduce((total, n) => total + n, 0) + report.decisionTraces

/** One maintenance pass: retention per `storage.retention`, ages counted back from the market clock at the latest. */
export const maintainDatabase = (retention: typeof RetentionConfig.Type) =>
  Effect.gen(function* () {
    const report = yield* applyRetention(retention, yield* (yield* MarketClock).now)
    if (deletedRows(report) > 0) {
      yield* Effect.logInfo(
        `retention up to ${new Date(report.reference).toISOString()}: deleted candles ${JSON.stringify(report.candles)}, ` +
          `${report.decisionTraces} decision trace(s)`
      )
    }
    return report
  })

/**
 * Database maintenance in a fiber of the caller's scope (runtime-and-ops §4): retention hourly, the first pass
 * five minutes after start-up (start-up is busy loading history). A failed pass is logged; the next runs on schedule.
 */
export const startDatabaseMaintenance = (
  retention: typeof RetentionConfig.Type
): Effect.Effect<void, never, MarketClock | CandleRepository | SystemEventRepository | Scope.Scope> =>
  maintainDatabase(retention).pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("database maintenance failed; retrying on schedule", cause)),
    Effect.repeat(Schedule.spaced(MAINTENANCE_EVERY)),
    Effect.delay(MAINTENANCE_FIRST_AFTER),
    Effect.annotateLogs({ service: "DatabaseMaintenance" }),
    Effect.forkScoped,
    Effect.asVoid
  )
