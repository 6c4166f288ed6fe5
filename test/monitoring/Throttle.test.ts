import { describe, expect, it } from "@effect/vitest"
import { Alert, type AlertKind, type AlertSeverity } from "../../src/monitoring/Alert.ts"
import { admit, emptyThrottle, type ThrottleState, type Verdict } from "../../src/monitoring/Throttle.ts"

const policy = { windowMs: 300_000, perKindLimit: 2 }

const alert = (kind: AlertKind, text: string, severity: AlertSeverity = "info") =>
  new Alert({ severity, kind, title: kind, text, symbol: "BTC/USD" })

/** Feeds alerts at the given times and returns the verdict tags. */
const run = (steps: ReadonlyArray<readonly [number, Alert]>, p = policy): Array<Verdict> => {
  let state: ThrottleState = emptyThrottle
  return steps.map(([now, next]) => {
    const [verdict, after] = admit(state, next, now, p)
    state = after
    return verdict
  })
}

describe("admit", () => {
  it("drops an identical alert within the window and sends it again after", () => {
    const a = alert("naked_position", "no stop")
    expect(
      run([
        [0, a],
        [1_000, a],
        [299_999, a],
        [300_000, a]
      ]).map((v) => v._tag)
    ).toEqual(["Send", "Duplicate", "Duplicate", "Send"])
  })

  it("rate limits one kind per window and reports the suppressed count with the next one sent", () => {
    const verdicts = run([
      [0, alert("entry", "1")],
      [10, alert("entry", "2")],
      [20, alert("entry", "3")],
      [30, alert("entry", "4")],
      [40, alert("exit", "1")],
      [300_000, alert("entry", "5")]
    ])
    expect(verdicts.map((v) => v._tag)).toEqual(["Send", "Send", "RateLimited", "RateLimited", "Send", "Send"])
    expect(verdicts[4]).toEqual({ _tag: "Send", suppressedBefore: 0 })
    expect(verdicts[5]).toEqual({ _tag: "Send", suppressedBefore: 2 })
  })

  it("never rate limits critical alerts, only exact duplicates of them", () => {
    const verdicts = run([
      [0, alert("kill", "a", "critical")],
      [1, alert("kill", "b", "critical")],
      [2, alert("kill", "c", "critical")],
      [3, alert("kill", "c", "critical")]
    ])
    expect(verdicts.map((v) => v._tag)).toEqual(["Send", "Send", "Send", "Duplicate"])
  })

  it("sends everything when the window is 0", () => {
    const a = alert("entry", "same")
    const verdicts = run(
      [
        [0, a],
        [0, a],
        [0, a]
      ],
      { windowMs: 0, perKindLimit: 1 }
    )
    expect(verdicts.map((v) => v._tag)).toEqual(["Send", "Send", "Send"])
  })
})
