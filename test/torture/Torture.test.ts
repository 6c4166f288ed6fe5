import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { brokenInvariants, formatEpisode } from "../../src/soak/SoakReport.ts"
import { runTorture } from "../../src/torture/Torture.ts"

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe("npm run torture", () => {
  it.live(
    "--kills 2: live processes SIGKILLed mid-run and restarted on the same files hold every invariant",
    () =>
      Effect.gen(function* () {
        const workDir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "torture-test-")))
        const result = yield* runTorture({
          kills: 2,
          seed: 3,
          speed: 60_000,
          minRunSeconds: 2,
          maxRunSeconds: 6,
          finalRunSeconds: 8,
          workDir
        }).pipe(Effect.ensuring(Effect.promise(() => rm(workDir, { recursive: true, force: true }))))
        const summary = formatEpisode(result.report)
        expect(result.killed.map((k) => k.run)).toEqual([1, 2])
        // Something ran for the invariants to hold over: ticks, positions with their orders on the venue
        expect(result.report.ticksCompleted, summary).toBeGreaterThan(0)
        expect(result.report.positionsOpened, summary).toBeGreaterThanOrEqual(1)
        expect(result.report.ordersAccepted, summary).toBeGreaterThanOrEqual(2)
        expect(result.finalStop.code).toBe(0)
        expect(brokenInvariants(result.report), summary).toEqual([])
        // No child outlives the torture: the sim-server and every live process have ended
        expect(result.children).toHaveLength(4)
        expect(result.children.filter(isAlive)).toEqual([])
      }),
    300_000
  )
})
