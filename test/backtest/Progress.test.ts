import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { formatProgress, makeProgressBar, type ProgressOutput } from "../../src/backtest/Progress.ts"

const recorder = (isTTY: boolean): ProgressOutput & { readonly written: Array<string> } => {
  const written: Array<string> = []
  return { isTTY, written, write: (text) => void written.push(text) }
}

describe("formatProgress", () => {
  it("fills the bar in proportion and prints the percentage and counts", () => {
    expect(formatProgress(1, 3, 12)).toBe("[####--------]  33.3%  1/3")
    expect(formatProgress(0, 10, 4)).toBe("[----]   0.0%  0/10")
    expect(formatProgress(10, 10, 4)).toBe("[####] 100.0%  10/10")
  })

  it("clamps overshoot and treats an empty job as done", () => {
    expect(formatProgress(15, 10, 4)).toBe("[####] 100.0%  10/10")
    expect(formatProgress(0, 0, 4)).toBe("[####] 100.0%  0/0")
  })
})

describe("makeProgressBar", () => {
  it.effect("redraws in place on a terminal, only when the text changes, and ends the line", () =>
    Effect.gen(function* () {
      const out = recorder(true)
      const bar = yield* makeProgressBar(2000, out)
      yield* bar.update(1)
      yield* bar.update(2)
      yield* bar.update(1000)
      yield* bar.update(1000)
      yield* bar.finish
      // 1/2000 and 2/2000 both show 0.1 % but different counts, so both draw; the repeated 1000 does not.
      expect(out.written).toHaveLength(4)
      expect(out.written[0]?.startsWith("\r[")).toBe(true)
      expect(out.written[2]).toContain(" 50.0%  1000/2000")
      expect(out.written[3]).toBe("\n")
    })
  )

  it.effect("writes nothing when the output is not a terminal", () =>
    Effect.gen(function* () {
      const out = recorder(false)
      const bar = yield* makeProgressBar(10, out)
      yield* bar.update(5)
      yield* bar.finish
      expect(out.written).toEqual([])
    })
  )
})
