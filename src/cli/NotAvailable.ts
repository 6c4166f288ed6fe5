import { Command } from "@effect/cli"
import { Effect, Schema } from "effect"

/** Raised by a command whose implementation has not landed yet: it must fail, never pretend to work. */
export class CommandNotAvailable extends Schema.TaggedError<CommandNotAvailable>()("CommandNotAvailable", {
  command: Schema.String,
  issue: Schema.Number
}) {
  override get message(): string {
    return `'trading ${this.command}' is not available yet (tracked in issue #${this.issue})`
  }
}

/** A placeholder command: documented in --help, exits non-zero with a clear message when run. */
export const notAvailableCommand = (name: string, description: string, issue: number, parent?: string) =>
  Command.make(name, {}, () =>
    Effect.fail(new CommandNotAvailable({ command: parent === undefined ? name : `${parent} ${name}`, issue }))
  ).pipe(Command.withDescription(`${description} [not available yet: issue #${issue}]`))
