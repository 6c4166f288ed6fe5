import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, TestClock } from "effect"
import { msUntilNextSummary, runDailySummary } from "../../src/monitoring/DailySummary.ts"
import { testOperator } from "./OperatorFixtures.ts"
import { recordingAlerts } from "./RecordingAlerts.ts"

const at = (iso: string) => Date.parse(iso)

describe("msUntilNextSummary", () => {
  it("targets 23:59 UTC today, or tomorrow once it has passed", () => {
    expect(msUntilNextSummary(at("2026-03-02T00:00:00Z"))).toBe(86_340_000)
    expect(msUntilNextSummary(at("2026-03-02T23:58:30Z"))).toBe(30_000)
    expect(msUntilNextSummary(at("2026-03-02T23:59:00Z"))).toBe(86_400_000)
    expect(msUntilNextSummary(at("2026-03-02T23:59:30Z"))).toBe(86_370_000)
  })
})

describe("runDailySummary", () => {
  it.effect("sends one summary per day at 23:59 UTC from the Operator's P&L", () => {
    const { sent, layer: recording } = recordingAlerts()
    return Effect.gen(function* () {
      yield* TestClock.setTime(at("2026-03-02T12:00:00Z"))
      const fiber = yield* Effect.fork(runDailySummary)
      yield* TestClock.adjust("718 minutes")
      expect(sent).toEqual([])
      yield* TestClock.adjust("1 minute")
      yield* TestClock.adjust("1 day")
      expect(sent.map((alert) => [alert.kind, alert.title])).toEqual([
        ["daily_summary", "Daily summary 2026-03-02"],
        ["daily_summary", "Daily summary 2026-03-03"]
      ])
      expect(sent[0]?.text).toBe("Realized -$205.00 over 1 trade(s), 0 won\nUnrealized +$500.00 · equity $10250.50")
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(Layer.merge(recording, testOperator().layer)))
  })
})
