import { Command, Options } from "@effect/cli"
import { SqlClient } from "@effect/sql"
import { Clock, Console, Data, Effect } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { RetentionConfig } from "../config/schema/RuntimeConfig.ts"
import { TIMEFRAMES } from "../domain/Timeframe.ts"
import { CandleRepository } from "../storage/CandleRepository.ts"
import { applyRetention, type RetentionReport } from "../storage/Retention.ts"
import { configPathOption } from "./CommonOptions.ts"
import { withStorage } from "./DataCommand.ts"
import { auditOpenOrdersCommand, placeMissingStopsCommand } from "./ToolsCommandExecution.ts"

/**
 * The time ages count back from: now, or the newest stored candle's open time when that is earlier. A simulator's
 * database carries market time (2025 by default), which the real clock would find years old and delete whole;
 * on a live database the newest candle is minutes old, so this is now.
 */
const pruneReference = Effect.gen(function* () {
  const now = yield* Clock.currentTimeMillis
  const newest = Math.max(...(yield* (yield* CandleRepository).storedSeries).map((s) => s.lastOpenTime), -Infinity)
  return Math.min(now, Number.isFinite(newest) ? newest : now)
})

/** Carries a dry run's report out of its transaction, which failing rolls back. */
class DryRunRollback extends Data.TaggedError("DryRunRollback")<{ readonly report: RetentionReport }> {}

/**
 * The retention pass inside a transaction that is always rolled back: the counts are exactly what `--apply`
 * would delete now (same code, same cutoffs), and nothing is deleted.
 */
const dryRunRetention = (retention: typeof RetentionConfig.Type, reference: number) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return yield* applyRetention(retention, reference).pipe(
      Effect.flatMap((report) => Effect.fail(new DryRunRollback({ report }))),
      sql.withTransaction,
      Effect.catchTag("DryRunRollback", (rollback) => Effect.succeed(rollback.report)),
      Effect.catchTag("SqlError", Effect.die)
    )
  })

const rows = (n: number) => `${String(n).padStart(8)} ${n === 1 ? "row" : "rows"}`

/** One line per table and timeframe: its age limit and how many rows were (or would be) deleted. */
const pruneLines = (
  retention: typeof RetentionConfig.Type,
  report: RetentionReport,
  applied: boolean,
  reference: number
): ReadonlyArray<string> => {
  const verb = applied ? "deleted" : "would be deleted"
  const aged = (table: string, days: number | null, n: number | undefined) =>
    days === null || n === undefined
      ? `${table.padEnd(30)} kept (no retention age)`
      : `${table.padEnd(30)} ${`older than ${days} days:`.padEnd(21)} ${rows(n)} ${verb}`
  return [
    `${applied ? "applied retention" : "dry run, nothing deleted (run with --apply to delete)"}, ages counted back from ${new Date(reference).toISOString()}:`,
    ...TIMEFRAMES.map((tf) => aged(`candles ${tf}`, retention[`candles_${tf}_days`], report.candles[tf])),
    aged("system_events decision_trace", retention.decision_trace_days, report.decisionTraces),
    `${"system_events other types".padEnd(30)} kept (signals, errors and every other event)`
  ]
}

const dbPruneCommand = Command.make(
  "db-prune",
  {
    config: configPathOption,
    apply: Options.boolean("apply").pipe(Options.withDescription("Delete the rows (without it: only count them)"))
  },
  ({ config, apply }) =>
    withStorage(
      config,
      Effect.gen(function* () {
        const retention = (yield* AppConfig).storage.retention
        const reference = yield* pruneReference
        const report = yield* apply ? applyRetention(retention, reference) : dryRunRetention(retention, reference)
        for (const line of pruneLines(retention, report, apply, reference)) yield* Console.log(line)
      })
    )
).pipe(
  Command.withDescription(
    "Delete candles and decision traces past storage.retention's ages (1d candles, signals and errors kept); " +
      "a dry run by default"
  )
)

export const toolsCommand = Command.make("tools").pipe(
  Command.withDescription("Operational tools: prune the database, place missing stops, audit open orders"),
  Command.withSubcommands([dbPruneCommand, placeMissingStopsCommand, auditOpenOrdersCommand])
)
