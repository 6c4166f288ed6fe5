import { Console, Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { SqlSafetyStoreLive } from "../safety/SqlSafetyStore.ts"
import { databaseLayer, databaseSettingsOf } from "../storage/Database.ts"
import { runMigrations } from "../storage/Migrations.ts"
import { RepositoriesLive } from "../storage/Storage.ts"
import { type KillRequest, Operator } from "./Operator.ts"
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

/** `trading kill [--reason TEXT] [--flatten]`: latches the MANUAL kill switch; prints and returns what it did. */
export const killProgram = (request: KillRequest) =>
  Effect.gen(function* () {
    const result = yield* (yield* Operator).kill(request)
    const text = killText(result)
    yield* Console.log(text)
    return result
  })

/** `trading resume`: clears the kill switch and the halt together; prints and returns what it did. */
export const resumeProgram = () =>
  Effect.gen(function* () {
    const result = yield* (yield* Operator).resume
    yield* Console.log(resumeText(result))
    return result
  })
