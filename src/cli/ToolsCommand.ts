import { Command, Options } from "@effect/cli"
import { SqlClient } from "@effect/sql"
import { Console, Data, Effect } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { RetentionConfig } from "../config/schema/RuntimeConfig.ts"
import { TIMEFRAMES } from "../domain/Timeframe.ts"
import { applyRetention, type RetentionReport } from "../storage/Retention.ts"
import { configPathOption } from "./CommonOptions.ts"
import { withStorage } from "./DataCommand.ts"
import { auditOpenOrdersCommand, placeMissingStopsCommand } from "./ToolsCommandExecution.ts"

/** Carries a dry run's report out of its transaction, which failing rolls back. */
class DryRunRollback extends Data.TaggedError("DryRunRollback")<{ readonly report: RetentionReport }> {}

/**
 * The retention pass inside a transaction that is always rolled back: the counts are exactly what `--apply`
 * would delete now (same code, same cutoffs), and nothing is deleted.
 */
const dryRunRetention = (retention: typeof RetentionConfig.Type) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return yield* applyRetention(retention).pipe(
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
  applied: boolean
): ReadonlyArray<string> => {
  const verb = applied ? "deleted" : "would be deleted"
  const aged = (table: string, days: number | null, n: number | undefined) =>
    days === null || n === undefined
      ? `${table.padEnd(30)} kept (no retention age)`
      : `${table.padEnd(30)} ${`older than ${days} days:`.padEnd(21)} ${rows(n)} ${verb}`
  return [
    `${applied ? "applied retention" : "dry run, nothing deleted (run with --apply to delete)"}, ages counted back from ${new Date(report.reference).toISOString()}:`,
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
        const report = yield* apply ? applyRetention(retention) : dryRunRetention(retention)
        for (const line of pruneLines(retention, report, apply)) yield* Console.log(line)
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
