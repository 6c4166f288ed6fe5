import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { databaseLayer, databaseSettingsOf } from "../storage/Database.ts"
import { runMigrations } from "../storage/Migrations.ts"
import { configPathOption } from "./CommonOptions.ts"

const migrateCommand = Command.make("migrate", { config: configPathOption }, ({ config }) =>
  Effect.gen(function* () {
    const settings = databaseSettingsOf(yield* AppConfig)
    const applied = yield* runMigrations.pipe(Effect.provide(databaseLayer(settings)))
    yield* Console.log(
      applied.length === 0
        ? "database schema up to date"
        : `applied ${applied.length} migration(s): ${applied.map(([id, name]) => `${id}_${name}`).join(", ")}`
    )
  }).pipe(Effect.provide(AppConfig.layer({ configPath: config })))
).pipe(Command.withDescription("Apply pending database migrations and exit (systemd runs it before `trading live`)"))

export const dbCommand = Command.make("db").pipe(
  Command.withDescription("Database commands"),
  Command.withSubcommands([migrateCommand])
)
