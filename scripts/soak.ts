/**
 * `npm run soak -- --episodes N [--seed S] [--ticks T] [--speed X] [--faults SPEC] [--log-level LEVEL]`:
 * N seeded episodes of the live runtime against the faulty embedded venue (src/soak). Exit 1 when an
 * invariant broke, 2 on a bad argument. docs/RELIABILITY.md explains the figures.
 */
import { parseArgs } from "node:util"
import { Effect, Either, LogLevel } from "effect"
import { parseFaultSpec } from "../src/exchange/sim/faults/FaultSpec.ts"
import { runSoak } from "../src/soak/Soak.ts"
import { DEFAULT_SOAK_SETTINGS } from "../src/soak/SoakConfig.ts"

const USAGE = "usage: npm run soak -- --episodes N [--seed S] [--ticks T] [--speed X] [--faults SPEC] [--log-level L]"

const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    episodes: { type: "string" },
    seed: { type: "string", default: "1" },
    ticks: { type: "string", default: "300" },
    speed: { type: "string", default: String(DEFAULT_SOAK_SETTINGS.speed) },
    faults: { type: "string", default: DEFAULT_SOAK_SETTINGS.faults },
    "log-level": { type: "string", default: "off" }
  }
})

const integer = (name: string, text: string | undefined, min: number): number => {
  const n = Number(text)
  return Number.isInteger(n) && n >= min ? n : fail(`--${name}: "${text}" is not an integer >= ${min}`)
}

const logLevel =
  LogLevel.allLevels.find((l) => l.label.toLowerCase() === values["log-level"].toLowerCase()) ??
  fail(`--log-level: "${values["log-level"]}" is not one of ${LogLevel.allLevels.map((l) => l.label).join(", ")}`)

const speed = Number(values.speed)
if (!(speed > 0)) fail(`--speed: "${values.speed}" is not a positive number`)

const faults = parseFaultSpec(values.faults)
if (Either.isLeft(faults)) fail(`--faults: ${faults.left.message}`)

const result = await Effect.runPromise(
  runSoak({
    episodes: integer("episodes", values.episodes, 1),
    seed: integer("seed", values.seed, 0),
    ticks: integer("ticks", values.ticks, 1),
    speed,
    faults: values.faults,
    logLevel
  })
)
process.exit(result.passed ? 0 : 1)
