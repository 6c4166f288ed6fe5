import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { sharedSqliteFile } from "./databases.ts"

const WRITER = fileURLToPath(new URL("./safetyWriter.ts", import.meta.url))
const PER_PROCESS = 40

interface Writer {
  readonly child: ChildProcess
  readonly ready: Promise<void>
  readonly done: Promise<void>
}

/** Starts the writer as a real OS process; `ready` once it is connected, `done` when it exited 0. */
const startWriter = (sqlitePath: string, first: number): Writer => {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, sqlitePath, String(first), String(PER_PROCESS)], {
    stdio: ["pipe", "pipe", "pipe"]
  })
  let output = ""
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on("data", (chunk) => {
      output += String(chunk)
      if (output.includes("ready")) resolve()
    })
  })
  child.stderr?.on("data", (chunk) => {
    output += String(chunk)
  })
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${output}`))))
  )
  return { child, ready: Promise.race([ready, done]), done }
}

describe("SqlSafetyStore across OS processes (SQLite file)", () => {
  it.scoped(
    "two processes updating at once never lose an update",
    () =>
      Effect.gen(function* () {
        const db = yield* sharedSqliteFile
        const store = Context.get(yield* Layer.build(SqlSafetyStoreLive.pipe(Layer.provide(db.connect()))), SafetyStore)
        yield* store.update((r) => r) // migrated, and the row exists, before the writers start
        const writers = [0, 1000].map((first) => startWriter(db.settings.sqlitePath, first))
        yield* Effect.promise(() => Promise.all(writers.map((w) => w.ready)))
        for (const w of writers) w.child.stdin?.end("go\n")
        yield* Effect.tryPromise(() => Promise.all(writers.map((w) => w.done)))
        const markers = [...(yield* store.load).recoveries].sort((a, b) => a - b)
        const expected = [0, 1000].flatMap((first) => Array.from({ length: PER_PROCESS }, (_, i) => first + i))
        expect(markers).toEqual(expected)
      }),
    60_000
  )
})
