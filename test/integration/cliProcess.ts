import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parse, stringify } from "yaml"
import { isTree, mergeTrees, type Tree } from "../../src/config/Tree.ts"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))

export interface CliRun {
  readonly child: ChildProcess
  /** Everything written to stdout and stderr so far. */
  readonly output: () => string
  readonly exited: Promise<number | null>
}

/** Starts `trading <args>` as a real process (the user's path: bin/trading.mjs through tsx). */
export const startCli = (args: ReadonlyArray<string>): CliRun => {
  // The private SQLite config of writeTestConfig is the database: a DATABASE_URL exported for the PostgreSQL
  // suite must not redirect the child to a shared database.
  const { DATABASE_URL: _shared, ...env } = process.env
  const child = spawn(process.execPath, [join(ROOT, "bin/trading.mjs"), ...args], {
    cwd: ROOT,
    env: { ...env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout?.on("data", (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on("data", (chunk) => {
    output += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** Waits until `predicate(output)` holds, polling every 100 ms, for at most `timeoutMs`. */
export const waitForOutput = async (run: CliRun, predicate: (output: string) => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (!predicate(run.output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for output; got:\n${run.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * A private copy of the shipped configuration with `changes` deep-merged into it, in a fresh temporary directory
 * (safety.yaml beside it; the databases inside it too). Returns the config.yaml path.
 */
export const writeTestConfig = (changes: Tree): string => {
  const dir = mkdtempSync(join(tmpdir(), "trading-cli-"))
  const shipped: unknown = parse(readFileSync(join(ROOT, "config/config.yaml"), "utf8"))
  // Private databases; no dashboard, so live processes of parallel tests never compete for its port
  const databases = {
    storage: { sqlite_path: join(dir, "trading.db"), positions_db_path: join(dir, "positions.db") },
    dashboard: { enabled: false }
  }
  const config = mergeTrees(mergeTrees(isTree(shipped) ? shipped : {}, databases), changes)
  writeFileSync(join(dir, "config.yaml"), stringify(config))
  writeFileSync(join(dir, "safety.yaml"), readFileSync(join(ROOT, "config/safety.yaml"), "utf8"))
  return join(dir, "config.yaml")
}
