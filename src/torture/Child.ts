import { type ChildProcess, spawn } from "node:child_process"
import { createWriteStream } from "node:fs"
import { fileURLToPath } from "node:url"
import { Deferred, Duration, Effect, Option, Schema, type Scope } from "effect"

/** The project's CLI entry (`bin/trading.mjs`), resolved from this module so any working directory works. */
export const TRADING_BIN = fileURLToPath(new URL("../../bin/trading.mjs", import.meta.url))

/** A child process the torture could not start or that did not say what it was waiting for in time. */
export class ChildFailed extends Schema.TaggedError<ChildFailed>()("ChildFailed", {
  name: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.name}: ${this.reason}`
  }
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface RunningChild {
  readonly name: string
  readonly pid: number
  /** Completes when the process has exited. */
  readonly exited: Effect.Effect<ChildExit>
  /** Whether it has exited already, and how. */
  readonly exit: Effect.Effect<Option.Option<ChildExit>>
  /** Sends a signal (no-op once exited). */
  readonly signal: (signal: NodeJS.Signals) => Effect.Effect<void>
  /** The first stdout line matching `pattern`, waiting at most `timeout`. */
  readonly awaitLine: (pattern: RegExp, timeout: Duration.DurationInput) => Effect.Effect<RegExpMatchArray, ChildFailed>
}

/**
 * `node bin/trading.mjs <args>` as a child process in the caller's scope, its output appended to `logFile`.
 * Closing the scope SIGKILLs it if it still runs and waits for its exit: no child outlives the torture.
 */
export const spawnTrading = (
  name: string,
  args: ReadonlyArray<string>,
  options: { readonly env: NodeJS.ProcessEnv; readonly logFile: string; readonly cwd: string }
): Effect.Effect<RunningChild, never, Scope.Scope> =>
  Effect.gen(function* () {
    const done = yield* Deferred.make<ChildExit>()
    const lines: Array<string> = []
    const watchers = new Set<() => void>()
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const log = createWriteStream(options.logFile, { flags: "a" })
        const proc: ChildProcess = spawn(process.execPath, [TRADING_BIN, ...args], {
          cwd: options.cwd,
          env: options.env,
          stdio: ["ignore", "pipe", "pipe"]
        })
        let pending = ""
        proc.stdout?.on("data", (chunk: Buffer) => {
          log.write(chunk)
          pending += chunk.toString("utf8")
          const complete = pending.split("\n")
          pending = complete.pop() ?? ""
          lines.push(...complete)
          for (const watcher of watchers) watcher()
        })
        proc.stderr?.on("data", (chunk: Buffer) => log.write(chunk))
        proc.on("exit", (code, signal) => {
          log.end()
          Deferred.unsafeDone(done, Effect.succeed({ code, signal }))
          for (const watcher of watchers) watcher()
        })
        return proc
      }),
      (p) =>
        Effect.gen(function* () {
          if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL")
          yield* Deferred.await(done)
        })
    )
    const awaitLine = (pattern: RegExp, timeout: Duration.DurationInput) =>
      Effect.async<RegExpMatchArray, ChildFailed>((resume) => {
        let seen = 0
        const check = () => {
          for (; seen < lines.length; seen++) {
            const match = lines[seen]?.match(pattern)
            if (match) {
              watchers.delete(check)
              return resume(Effect.succeed(match))
            }
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            watchers.delete(check)
            resume(
              new ChildFailed({
                name,
                reason: `exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}`
              })
            )
          }
        }
        watchers.add(check)
        check()
        return Effect.sync(() => watchers.delete(check))
      }).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            new ChildFailed({ name, reason: `printed no line matching ${pattern} within ${Duration.format(timeout)}` })
        })
      )
    return {
      name,
      pid: child.pid ?? -1,
      exited: Deferred.await(done),
      exit: Deferred.poll(done).pipe(
        Effect.flatMap(Option.match({ onNone: () => Effect.succeedNone, onSome: Effect.asSome }))
      ),
      signal: (signal) =>
        Effect.sync(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        }),
      awaitLine
    } satisfies RunningChild
  })
