/**
 * `npm run torture -- --kills N [--seed S] [--speed X] [--min-run S] [--max-run S] [--final-run S] [--keep]`:
 * `trading live` against an external `trading sim-server`, SIGKILLed at seeded moments N times and restarted on
 * the same files, then stopped with SIGTERM; prints the soak's invariants (src/torture). Exit 1 when one broke,
 * 2 on a bad argument. The work directory (state files, configuration, children's logs) is removed after a
 * passing run unless --keep, and kept after a failing one. docs/RELIABILITY.md explains the figures.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { NodeRuntime } from "@effect/platform-node"
import { Effect } from "effect"
import { runTorture } from "../src/torture/Torture.ts"
import { DEFAULT_TORTURE_SETTINGS } from "../src/torture/TortureSetup.ts"

const USAGE =
  "usage: npm run torture -- --kills N [--seed S] [--speed X] [--min-run S] [--max-run S] [--final-run S] [--keep]"

const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

const d = DEFAULT_TORTURE_SETTINGS
const { values } = parseArgs({
  options: {
    kills: { type: "string" },
    seed: { type: "string", default: String(d.seed) },
    speed: { type: "string", default: String(d.speed) },
    "min-run": { type: "string", default: String(d.minRunSeconds) },
    "max-run": { type: "string", default: String(d.maxRunSeconds) },
    "final-run": { type: "string", default: String(d.finalRunSeconds) },
    keep: { type: "boolean", default: false }
  }
})

const integer = (name: string, text: string | undefined, min: number): number => {
  const n = Number(text)
  return Number.isInteger(n) && n >= min ? n : fail(`--${name}: "${text}" is not an integer >= ${min}`)
}
const positive = (name: string, text: string): number => {
  const n = Number(text)
  return n > 0 ? n : fail(`--${name}: "${text}" is not a positive number`)
}

const minRunSeconds = positive("min-run", values["min-run"])
const maxRunSeconds = positive("max-run", values["max-run"])
if (maxRunSeconds < minRunSeconds) fail("--max-run must not be below --min-run")
const settings = {
  kills: integer("kills", values.kills, 1),
  seed: integer("seed", values.seed, 0),
  speed: positive("speed", values.speed),
  minRunSeconds,
  maxRunSeconds,
  finalRunSeconds: positive("final-run", values["final-run"])
}
const workDir = mkdtempSync(join(tmpdir(), "torture-"))

// runMain: Ctrl-C interrupts the torture, whose scope then kills every child before the process exits
runTorture({ ...settings, workDir }).pipe(
  Effect.flatMap((result) =>
    Effect.sync(() => {
      if (result.passed && !values.keep) rmSync(workDir, { recursive: true, force: true })
      else console.log(`work directory kept: ${workDir}`)
      process.exitCode = result.passed ? 0 : 1
    })
  ),
  NodeRuntime.runMain({ disablePrettyLogger: true })
)
