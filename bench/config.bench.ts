// Configuration load time (`npx tsx bench/config.bench.ts`): the shipped config.yaml + safety.yaml read, parsed and
// decoded by loadConfig, and the pure decodeConfig step alone. Figures printed, nothing asserted.
import { readFileSync } from "node:fs"
import { Effect, Either } from "effect"
import { parse } from "yaml"
import { decodeConfig, loadConfig } from "../src/config/Loader.ts"
import { SHIPPED_CONFIG_PATH, SHIPPED_SAFETY_PATH } from "../src/config/TestConfig.ts"
import { latencyLine, timed, timedAsync } from "./measure.ts"

const RUNS = 50

const first = await timedAsync(() => Effect.runPromise(loadConfig({ configPath: SHIPPED_CONFIG_PATH, env: {} })))
console.log(`config first load (cold): ${first.ms.toFixed(1)} ms`)

const loads: Array<number> = []
for (let i = 0; i < RUNS; i++) {
  loads.push((await timedAsync(() => Effect.runPromise(loadConfig({ configPath: SHIPPED_CONFIG_PATH, env: {} })))).ms)
}
console.log(latencyLine("config load (read + YAML parse + decode)", loads))

const config: unknown = parse(readFileSync(SHIPPED_CONFIG_PATH, "utf8"))
const safety: unknown = parse(readFileSync(SHIPPED_SAFETY_PATH, "utf8"))
const decodes = Array.from({ length: RUNS }, () => timed(() => decodeConfig({ config, safety, env: {} })))
if (decodes.some((d) => Either.isLeft(d.value))) console.log("  (the shipped config did not decode)")
console.log(
  latencyLine(
    "config decode only (substitution + overrides + schema + invariants)",
    decodes.map((d) => d.ms)
  )
)
