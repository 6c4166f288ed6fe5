import { Console, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { Alerts } from "../monitoring/Alerts.ts"
import { alertOperatorKill, alertOperatorResume } from "../monitoring/OperatorAlerting.ts"
import { SqlSafetyStoreLive } from "../safety/SqlSafetyStore.ts"
import { databaseLayer, databaseSettingsOf } from "../storage/Database.ts"
import { runMigrations } from "../storage/Migrations.ts"
import { RepositoriesLive } from "../storage/Storage.ts"
import { type KillRequest, Operator, type ResumeResult } from "./Operator.ts"
import { killText, resumeText, statusJson, statusText } from "./StatusView.ts"

/** The configured database, migrated once (before the store and the repositories run their no-op checks). */
const migratedDatabase = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Layer.effectDiscard(runMigrations).pipe(Layer.provideMerge(databaseLayer(databaseSettingsOf(config))))
  )
)

/** The Operator of a command process (`trading status|kill|resume`): its own connection to the configured database. */
export const OperatorLive = Operator.layer.pipe(
  Layer.provide(Layer.mergeAll(SqlSafetyStoreLive, RepositoriesLive)),
  Layer.provide(migratedDatabase)
)

/** `trading status [--json]`: prints the status and returns the printed text. */
export const statusProgram = (options: { readonly json: boolean }) =>
  Effect.gen(function* () {
    const report = yield* (yield* Operator).status
    const text = options.json ? statusJson(report) : statusText(report)
    yield* Console.log(text)
    return text
  })

/**
 * Runs an operator alert (OperatorAlerting) where the command process has alert channels (`trading kill|resume` do,
 * see OperatorCommands). The command alerts itself rather than leaving it to the live process: the alert then goes
 * out at once, and also when no live process runs; the live process does not alert a switch it did not latch.
 */
const whereAlerting = (alert: Effect.Effect<void, never, Alerts>) =>
  Effect.flatMap(
    Effect.serviceOption(Alerts),
    Option.match({ onNone: () => Effect.void, onSome: (alerts) => Effect.provideService(alert, Alerts, alerts) })
  )

/** `trading kill [--reason TEXT] [--flatten]`: latches the MANUAL kill switch; prints, alerts and returns what it did. */
export const killProgram = (request: KillRequest) =>
  Effect.gen(function* () {
    const result = yield* (yield* Operator).kill(request)
    yield* Console.log(killText(result))
    const { killSwitch } = result.record
    // Always Active after a kill; narrowed for its detail and flatten
    if (killSwitch._tag === "Active")
      yield* whereAlerting(
        alertOperatorKill({
          source: "trading kill",
          alreadyActive: result.alreadyActive,
          escalated: result.escalated,
          // An escalation keeps the first latch's detail on the record: the alert says why flatten was added
          detail: result.escalated ? request.reason?.trim() || killSwitch.detail : killSwitch.detail,
          flatten: killSwitch.flatten
        })
      )
    return result
  })

/** What a resume cleared: the kill switch (with its reason) and a safety level other than ACTIVE. */
const clearedText = ({ previous }: ResumeResult): string =>
  [
    ...(previous.killSwitch._tag === "Active" ? [`the kill switch (${previous.killSwitch.reason})`] : []),
    ...(previous.level === "ACTIVE" ? [] : [`safety ${previous.level}`])
  ].join(" and ")

/** `trading resume`: clears the kill switch and the halt together; prints, alerts (when it cleared something) and returns what it did. */
export const resumeProgram = () =>
  Effect.gen(function* () {
    const result = yield* (yield* Operator).resume
    yield* Console.log(resumeText(result))
    yield* whereAlerting(
      alertOperatorResume({
        source: "trading resume",
        resumed: result.cleared,
        detail: `cleared ${clearedText(result)}; trading resumes at the next tick`
      })
    )
    return result
  })
