import { describe, expect, it } from "@effect/vitest"
import { Effect, Metric, TestClock } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import * as Templates from "../../src/monitoring/AlertTemplates.ts"
import { emptyErrorBurst, recordError } from "../../src/monitoring/ErrorBurst.ts"
import { makeErrorReporter } from "../../src/monitoring/ErrorReporter.ts"
import { renderPrometheus } from "../../src/monitoring/Prometheus.ts"
import { btcLong, ethTrade } from "./OperatorFixtures.ts"
import { recordingAlerts } from "./RecordingAlerts.ts"

describe("alert templates", () => {
  it("entry and exit", () => {
    expect(Templates.entryAlert(btcLong)).toMatchObject({
      severity: "info",
      kind: "entry",
      symbol: "BTC/USD",
      title: "Entry LONG",
      text: "0.5 @ 64000 (3x)\nstop 63000 · TP 66000 / 68000"
    })
    expect(Templates.exitAlert(ethTrade)).toMatchObject({
      severity: "warning",
      kind: "exit",
      title: "Exit SHORT -$205.00",
      text: "3000 → 3100 · stop_loss · held 4.0h · fees $4.20"
    })
  })

  it("safety events are critical, DEGRADED only a warning", () => {
    expect(Templates.haltAlert("HALTED", ["margin 85%"]).severity).toBe("critical")
    expect(Templates.haltAlert("DEGRADED", []).severity).toBe("warning")
    expect(Templates.nakedPositionAlert("SOL/USD", "stop order missing").severity).toBe("critical")
    expect(Templates.killAlert("MANUAL", 3).text).toBe("MANUAL\n3 order(s) cancelled; stops kept")
    expect(Templates.stopMovedAlert(btcLong, new Decimal("62000"), "break-even").text).toBe(
      "62000 → 63000 (break-even)"
    )
  })
})

describe("recordError", () => {
  it("fires once when the threshold is reached within the window, then needs a new burst", () => {
    const policy = { threshold: 3, windowMs: 1000 }
    let state = emptyErrorBurst
    const fired = [0, 100, 1500, 1600, 1700, 1800, 1900, 2000].map((now) => {
      const [count, next] = recordError(state, "timeout", now, policy)
      state = next
      return count
    })
    // 0 and 100 expire before 1500; 1500-1700 is a burst; 1800-2000 another.
    expect(fired).toEqual([undefined, undefined, undefined, undefined, 3, undefined, undefined, 3])
  })
})

describe("makeErrorReporter", () => {
  it.effect("counts every error by kind and alerts on a burst", () => {
    const { sent, layer: recording } = recordingAlerts()
    return Effect.gen(function* () {
      const report = yield* makeErrorReporter({ threshold: 2, windowMs: 60_000 })
      yield* report("nonce", "invalid nonce")
      yield* TestClock.adjust("61 seconds")
      yield* report("nonce", "invalid nonce")
      expect(sent).toEqual([])
      yield* report("nonce", "invalid nonce again")
      expect(sent.map((alert) => [alert.kind, alert.title, alert.text])).toEqual([
        ["repeated_errors", "Repeated nonce errors", "2 in 60s; last: invalid nonce again"]
      ])
      expect(renderPrometheus(yield* Metric.snapshot)).toContain('trading_api_errors_total{kind="nonce"} 3\n')
    }).pipe(Effect.provide(recording))
  })
})
