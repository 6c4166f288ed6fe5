import { Command } from "@effect/cli"
import { Console, Effect, Schema } from "effect"
import { checkConfig, formatCheckResult } from "../config/Loader.ts"
import { configPathOption } from "./CommonOptions.ts"

/** `config check` found problems (they were printed): exits non-zero. */
export class ConfigCheckFailed extends Schema.TaggedError<ConfigCheckFailed>()("ConfigCheckFailed", {
  problems: Schema.Number
}) {
  override get message(): string {
    return `configuration has ${this.problems} problem(s)`
  }
}

const checkCommand = Command.make("check", { config: configPathOption }, ({ config }) =>
  Effect.gen(function* () {
    const issues = yield* checkConfig({ configPath: config })
    const report = formatCheckResult(issues)
    if (issues.length === 0) return yield* Console.log(report)
    yield* Console.error(report)
    return yield* Effect.fail(new ConfigCheckFailed({ problems: issues.length }))
  })
).pipe(Command.withDescription("Validate config.yaml and safety.yaml; print 'config OK' or every error"))

export const configCommand = Command.make("config").pipe(
  Command.withDescription("Configuration commands"),
  Command.withSubcommands([checkCommand])
)
