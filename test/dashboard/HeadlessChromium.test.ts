import type { ChildProcess } from "node:child_process"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { stop } from "./HeadlessChromium.ts"

describe("headless Chromium's stop", () => {
  it.effect(
    "a close that never resolves, run as a scope's release, is cut short and the process killed",
    () =>
      Effect.gen(function* () {
        const signals: Array<NodeJS.Signals | number | undefined> = []
        const hungServer = {
          close: () => new Promise<void>(() => {}),
          process: () => ({ kill: (signal?: NodeJS.Signals | number) => signals.push(signal) > 0 }) as ChildProcess
        }
        // Releases run uninterruptibly, as the real server's stop does
        yield* Effect.scoped(Effect.acquireRelease(Effect.void, () => stop(hungServer)))
        expect(signals).toEqual(["SIGKILL"])
      }),
    15_000
  )
})
