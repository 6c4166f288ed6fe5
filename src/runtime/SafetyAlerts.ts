import { Effect, Option, Schema } from "effect"
import type { SystemEvent } from "../domain/SystemEvent.ts"
import { AlertSink } from "../monitoring/AlertSink.ts"
import { TradingEvent } from "../monitoring/TradingEvent.ts"
import { SafetyLevel } from "../safety/SafetyLevel.ts"

const isLevel = Schema.is(SafetyLevel)

/** The operator alert a safety transition of this tick means, if any. */
const alertOf = (event: SystemEvent): TradingEvent | undefined => {
  const d = event.details
  switch (event.eventType) {
    case "kill_switch_activated":
      return TradingEvent.Kill({ reason: `${String(d.reason)}: ${String(d.detail)}`, cancelledOrders: 0 })
    case "kill_switch_cleared":
      return TradingEvent.Resume({ detail: `cleared by ${String(d.source)} (was ${String(d.previousReason)})` })
    case "safety_state_changed":
      return isLevel(d.to) && d.to !== "ACTIVE"
        ? TradingEvent.Halt({ level: d.to, reasons: Array.isArray(d.violations) ? d.violations.map(String) : [] })
        : undefined
    default:
      return undefined
  }
}

/**
 * Safety transitions (the monitor latching the kill switch, auto-recovery clearing it, the level degrading or
 * halting) as operator alerts, where the process has an alert sink (live does, a backtest does not).
 */
export const alertSafetyTransitions = (events: ReadonlyArray<SystemEvent>) =>
  Effect.flatMap(Effect.serviceOption(AlertSink), (sink) =>
    Option.isNone(sink)
      ? Effect.void
      : Effect.forEach(
          events.flatMap((e) => alertOf(e) ?? []),
          (alert) => sink.value.notify(alert),
          { discard: true }
        )
  )
