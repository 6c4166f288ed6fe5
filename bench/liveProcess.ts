// `trading live` as a real process (bin/trading.mjs, the user's path) on the embedded simulated venue, for the
// `npm run bench` summary: resident memory after many ticks and the time from spawn to the first tick. Not a
// benchmark itself. The process helpers are the integration tests' own.
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { performance } from "node:perf_hooks"
import { type CliRun, startCli, waitForOutput, writeTestConfig } from "../test/integration/cliProcess.ts"

/** Resident set size of a process in MiB: /proc on Linux, else `ps`. */
const rssMiB = (pid: number): number => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m)
    if (line?.[1] !== undefined) return Number(line[1]) / 1024
  } catch {
    // not Linux: ask ps below
  }
  return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024
}

const tickLine = (n: number) => (output: string) => output.includes(`tick ${n} `)

const stop = async (run: CliRun) => {
  run.child.kill("SIGTERM")
  await run.exited
}

export interface LiveRss {
  readonly ticks: number
  readonly afterFirstTickMiB: number
  readonly afterTicksMiB: number
  /** Real seconds from the first tick to the last. */
  readonly seconds: number
  readonly speed: number
}

/**
 * The shipped configuration (its 45 symbols, SQLite files, paper mode) with the simulated clock at `speed` market
 * seconds per real second, so the 60 s tick comes as fast as the tick itself runs; RSS read after tick 1 and tick
 * `ticks`, then the process is stopped with SIGTERM.
 */
export const measureLiveRss = async (ticks: number, speed = 6000): Promise<LiveRss> => {
  const run = startCli(["live", "--config", writeTestConfig({ exchange: { sim: { speed } } })])
  try {
    await waitForOutput(run, tickLine(1), 300_000)
    const afterFirstTickMiB = rssMiB(run.child.pid ?? 0)
    const started = performance.now()
    await waitForOutput(run, tickLine(ticks), ticks * 5_000)
    const afterTicksMiB = rssMiB(run.child.pid ?? 0)
    return { ticks, afterFirstTickMiB, afterTicksMiB, seconds: (performance.now() - started) / 1000, speed }
  } finally {
    await stop(run)
  }
}

/** Seconds from spawning `trading live --ticks 1` (shipped configuration) to its tick 1 line, and to its exit. */
export const measureColdStart = async (): Promise<{ readonly firstTickS: number; readonly exitS: number }> => {
  const config = writeTestConfig({})
  const started = performance.now()
  const run = startCli(["live", "--config", config, "--ticks", "1"])
  try {
    await waitForOutput(run, tickLine(1), 300_000)
  } catch (error) {
    await stop(run)
    throw error
  }
  const firstTickS = (performance.now() - started) / 1000
  const code = await run.exited
  if (code !== 0) throw new Error(`trading live --ticks 1 exited ${code}:\n${run.output()}`)
  return { firstTickS, exitS: (performance.now() - started) / 1000 }
}
