/**
 * A separate process for the cross-process test: `safetyWriter.ts <sqlite file> <first> <count>` appends the
 * markers first..first+count-1 to the safety record, one update (one transaction) each. It prints "ready" once
 * connected and waits for a line on stdin, so the test can start every writer at the same moment.
 */

import { createInterface } from "node:readline"
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Option } from "effect"
import { SafetyRecord } from "../../src/safety/SafetyRecord.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { databaseLayer } from "../../src/storage/Database.ts"

const [sqlitePath = "", first = "0", count = "0"] = process.argv.slice(2)
const markers = Array.from({ length: Number(count) }, (_, i) => Number(first) + i)

const go = Effect.async<void>((resume) => {
  const lines = createInterface({ input: process.stdin })
  lines.once("line", () => {
    lines.close()
    resume(Effect.void)
  })
})

const program = Effect.gen(function* () {
  const store = yield* SafetyStore
  yield* store.load
  yield* Effect.sync(() => process.stdout.write("ready\n"))
  yield* go
  yield* Effect.forEach(markers, (n) =>
    store.update((r) => SafetyRecord.make({ ...r, recoveries: [...r.recoveries, n] }))
  )
})

NodeRuntime.runMain(
  program.pipe(
    Effect.provide(SqlSafetyStoreLive.pipe(Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath }))))
  )
)
