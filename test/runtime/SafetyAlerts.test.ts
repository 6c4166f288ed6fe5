import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import type { TradingEvent } from "../../src/monitoring/TradingEvent.ts"
import { alertSafetyTransitions } from "../../src/runtime/SafetyAlerts.ts"

const event = (eventType: SystemEvent["eventType"], details: SystemEvent["details"]) =>
  SystemEvent.make({ timestamp: 1_000, eventType, details })

const capture = () => {
  const sent: Array<TradingEvent> = []
  const layer = Layer.succeed(AlertSink, {
    notify: (e) => Effect.sync(() => void sent.push(e)),
    reportError: () => Effect.void
  })
  return { sent, layer }
}

describe("safety transitions as operator alerts", () => {
  it.effect("a latched kill switch, a halt and an auto-recovery each alert; a return to ACTIVE does not", () =>
    Effect.gen(function* () {
      const { sent, layer } = capture()
      yield* alertSafetyTransitions([
        event("invariant_violation", { invariant: "margin" }),
        event("kill_switch_activated", { reason: "MARGIN_CRITICAL", detail: "margin 91 %", flatten: false }),
        event("safety_state_changed", { from: "ACTIVE", to: "HALTED", violations: ["margin 91 %"] }),
        event("kill_switch_cleared", { source: "auto_recovery", previousReason: "MARGIN_CRITICAL" }),
        event("safety_state_changed", { from: "HALTED", to: "ACTIVE", violations: [] })
      ]).pipe(Effect.provide(layer))
      expect(sent.map((e) => e._tag)).toEqual(["Kill", "Halt", "Resume"])
      const [kill, halt] = sent
      expect(kill?._tag === "Kill" && kill.reason).toBe("MARGIN_CRITICAL: margin 91 %")
      expect(halt?._tag === "Halt" && [halt.level, halt.reasons]).toEqual(["HALTED", ["margin 91 %"]])
    })
  )

  it.effect("without an alert sink (a backtest) nothing is required and nothing fails", () =>
    alertSafetyTransitions([event("kill_switch_activated", { reason: "MANUAL", detail: "x", flatten: false })])
  )
})
