import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { PositionId } from "../../src/domain/Position.ts"
import type { SpotSymbol } from "../../src/domain/Symbols.ts"
import { type Alert, formatTelegram } from "../../src/monitoring/Alert.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { alertOnExecution } from "../../src/monitoring/ExecutionAlerts.ts"
import { recordingAlertSink } from "./RecordingAlerts.ts"

const POSITION = PositionId.make("pos-0123456789ab")

describe("alertOnExecution", () => {
  it.effect("a quarantined close is its own critical alert, naming the symbol and what the operator must do", () => {
    const { sent, layer } = recordingAlertSink()
    return Effect.gen(function* () {
      const onAlert = alertOnExecution(yield* AlertSink)
      yield* onAlert({ _tag: "ExitQuarantined", positionId: POSITION, symbol: "ETH/USD", attempts: 3 })
      expect(sent).toHaveLength(1)
      const [alert] = sent
      expect(alert).toMatchObject({
        severity: "critical",
        kind: "exit_quarantined",
        symbol: "ETH/USD",
        title: "Close failed: position quarantined"
      })
      expect(alert?.text).toContain("3 close attempts of position pos-0123456789ab failed")
      expect(alert?.text).toContain("stop stays on the venue")
      expect(alert?.text).toContain("Action: check the position on the venue and close it by hand")
      expect(alert?.text).not.toContain("invariant")
      expect(formatTelegram(alert as Alert)).toMatch(/^🚨 <b>Close failed: position quarantined<\/b> · ETH\/USD\n/)
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "a lost stop is a naked-position alert; a broken invariant alerts at once and is counted as an error",
    () => {
      const { sent, layer } = recordingAlertSink()
      return Effect.gen(function* () {
        const onAlert = alertOnExecution(yield* AlertSink)
        yield* onAlert({
          _tag: "ProtectionLost",
          positionId: POSITION,
          symbol: "ETH/USD" as SpotSymbol,
          reason: "stop cancelled on the venue"
        })
        expect(sent.map((a) => [a.kind, a.severity, a.symbol, a.text])).toEqual([
          ["naked_position", "critical", "ETH/USD", `${POSITION}: stop cancelled on the venue`]
        ])
        yield* onAlert({ _tag: "InvariantViolation", positionId: POSITION, detail: "stop above entry" })
        expect(sent.map((a) => [a.kind, a.severity, a.title])).toEqual([
          ["naked_position", "critical", "Position without a stop"],
          ["execution_invariant", "critical", "Execution invariant broken"]
        ])
        expect(sent[1]?.text).toContain(`position ${POSITION} was refused`)
        expect(sent[1]?.text).toContain("(stop above entry)")
        // Each violation alerts (the throttle drops exact duplicates); counted as errors, a burst alerts too
        yield* onAlert({ _tag: "InvariantViolation", positionId: POSITION, detail: "stop above entry" })
        expect(sent.map((a) => a.kind)).toEqual([
          "naked_position",
          "execution_invariant",
          "execution_invariant",
          "repeated_errors"
        ])
        expect(sent[3]?.title).toBe("Repeated execution_invariant errors")
      }).pipe(Effect.provide(layer))
    }
  )
})
