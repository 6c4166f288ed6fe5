import { Command, Options } from "@effect/cli"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import { Alerts } from "../monitoring/Alerts.ts"
import { killProgram, OperatorLive, resumeProgram, statusProgram } from "../operator/Commands.ts"
import { configPathOption } from "./CommonOptions.ts"

/** Each command opens its own connection to the configured database, where the live process reads the safety state. */
const withOperator = <A, E, R>(configPath: string, program: Effect.Effect<A, E, R>) =>
  program.pipe(Effect.provide(OperatorLive), Effect.provide(AppConfig.layer({ configPath })))

/**
 * `kill` and `resume` also alert through the configured channels (`monitoring.telegram|discord`); what is queued is
 * delivered before the command exits (for at most five seconds), and a failing channel only logs.
 */
const withAlertingOperator = <A, E, R>(configPath: string, program: Effect.Effect<A, E, R>) =>
  withOperator(configPath, program.pipe(Effect.provide(Alerts.layer.pipe(Layer.provide(FetchHttpClient.layer)))))

export const statusCommand = Command.make(
  "status",
  { config: configPathOption, json: Options.boolean("json").pipe(Options.withDescription("Print one JSON document")) },
  ({ config, json }) => withOperator(config, statusProgram({ json }))
).pipe(Command.withDescription("Mode, safety state, equity, margin use, open positions with their stops, last tick"))

export const killCommand = Command.make(
  "kill",
  {
    config: configPathOption,
    reason: Options.text("reason").pipe(Options.withDescription("Why (recorded with the switch)"), Options.optional),
    flatten: Options.boolean("flatten").pipe(
      Options.withDescription("Also close every position (the running process exits them at its next tick)")
    )
  },
  ({ config, reason, flatten }) =>
    withAlertingOperator(
      config,
      killProgram({ flatten, ...Option.match(reason, { onNone: () => ({}), onSome: (r) => ({ reason: r }) }) })
    )
).pipe(
  Command.withDescription(
    "Latch the kill switch and alert the configured channels: the live process stops new entries at its next " +
      "tick and keeps every stop"
  )
)

export const resumeCommand = Command.make("resume", { config: configPathOption }, ({ config }) =>
  withAlertingOperator(config, resumeProgram())
).pipe(Command.withDescription("Clear the kill switch and the halt together; trading resumes at the next tick"))
