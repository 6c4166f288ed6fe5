import { Command, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Option } from "effect"
import { analyzeCommand } from "./cli/AnalyzeCommand.ts"
import { backtestCommand } from "./cli/BacktestCommand.ts"
import { configCommand } from "./cli/ConfigCommand.ts"
import { dataCommand } from "./cli/DataCommand.ts"
import { dbCommand } from "./cli/DbCommand.ts"
import { liveCommand } from "./cli/LiveCommand.ts"
import { killCommand, resumeCommand, statusCommand } from "./cli/OperatorCommands.ts"
import { simServerCommand } from "./cli/SimServerCommand.ts"
import { toolsCommand } from "./cli/ToolsCommand.ts"

const trading = Command.make("trading").pipe(
  Command.withDescription("Kraken Futures SMC trading system"),
  Command.withSubcommands([
    liveCommand,
    backtestCommand,
    statusCommand,
    killCommand,
    resumeCommand,
    configCommand,
    dataCommand,
    dbCommand,
    analyzeCommand,
    simServerCommand,
    toolsCommand
  ])
)

const cli = Command.run(trading, { name: "trading", version: "0.1.0" })

/** Typed failures print their message (which names the problem); defects print the full cause. */
const reportFailure = <E>(cause: Cause.Cause<E>) =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => (Cause.isInterruptedOnly(cause) ? Effect.void : Console.error(Cause.pretty(cause))),
    onSome: (error) =>
      // @effect/cli has already printed its usage error with the help text
      ValidationError.isValidationError(error)
        ? Effect.void
        : Console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
  })

cli(process.argv).pipe(
  Effect.tapErrorCause(reportFailure),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
