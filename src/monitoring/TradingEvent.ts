import { Data } from "effect"
import type { Decimal } from "../domain/Money.ts"
import type { Position } from "../domain/Position.ts"
import type { Trade } from "../domain/Trade.ts"
import type { SafetyLevel } from "../safety/SafetyLevel.ts"
import type { Alert } from "./Alert.ts"
import {
  entryAlert,
  executionInvariantAlert,
  exitAlert,
  exitQuarantinedAlert,
  haltAlert,
  killAlert,
  nakedPositionAlert,
  resumeAlert,
  type StartupFacts,
  shutdownAlert,
  startupAlert,
  stopMovedAlert,
  takeProfitAlert
} from "./AlertTemplates.ts"

/**
 * What the live tick tells the operator about (spec runtime-and-ops §5). Errors are not among them: they go to
 * `AlertSink.reportError`, which counts them and alerts on bursts. The daily summary has its own schedule.
 */
export type TradingEvent = Data.TaggedEnum<{
  Entry: { readonly position: Position }
  Exit: { readonly trade: Trade }
  StopMoved: { readonly position: Position; readonly previousStop: Decimal; readonly reason: string }
  TakeProfitHit: {
    readonly position: Position
    readonly level: string
    readonly filledSize: Decimal
    readonly price: Decimal
  }
  NakedPosition: { readonly symbol: string; readonly detail: string }
  /** A close failed its last attempt: no more automatic closes, the operator must act. */
  ExitQuarantined: { readonly symbol: string; readonly positionId: string; readonly attempts: number }
  /** An exchange event was refused because it would break a position invariant: the record may now be stale. */
  ExecutionInvariant: { readonly positionId: string; readonly detail: string }
  Halt: { readonly level: SafetyLevel; readonly reasons: ReadonlyArray<string> }
  Kill: { readonly reason: string; readonly cancelledOrders: number }
  Resume: { readonly detail: string }
  /** `trading live` reached its `ready` phase. */
  Started: { readonly facts: StartupFacts }
  /** `trading live` stopped; `failure` when it did not stop cleanly. */
  Stopped: { readonly ticks: number; readonly failure?: string | undefined }
}>
export const TradingEvent = Data.taggedEnum<TradingEvent>()

/** The alert for an event, worded by AlertTemplates. */
export const alertOf: (event: TradingEvent) => Alert = TradingEvent.$match({
  Entry: ({ position }) => entryAlert(position),
  Exit: ({ trade }) => exitAlert(trade),
  StopMoved: ({ position, previousStop, reason }) => stopMovedAlert(position, previousStop, reason),
  TakeProfitHit: ({ position, level, filledSize, price }) => takeProfitAlert(position, level, filledSize, price),
  NakedPosition: ({ symbol, detail }) => nakedPositionAlert(symbol, detail),
  ExitQuarantined: ({ symbol, positionId, attempts }) => exitQuarantinedAlert(symbol, positionId, attempts),
  ExecutionInvariant: ({ positionId, detail }) => executionInvariantAlert(positionId, detail),
  Halt: ({ level, reasons }) => haltAlert(level, reasons),
  Kill: ({ reason, cancelledOrders }) => killAlert(reason, cancelledOrders),
  Resume: ({ detail }) => resumeAlert(detail),
  Started: ({ facts }) => startupAlert(facts),
  Stopped: ({ ticks, failure }) => shutdownAlert(ticks, failure)
})

const stopMoveReason = (before: Position, after: Position): string => {
  if (after.breakEvenTriggered && !before.breakEvenTriggered) return "break-even"
  if (after.trailingActive) return "trailing"
  return "moved"
}

/**
 * The events one change of a position record means: the first fill (entry), a new stop level, a take-profit
 * filled, and a stop lost while quantity is held. `before` is undefined for a record not seen before. A position
 * that is not yet protected right after its entry fill is not "naked": only losing a known stop is. Exits are
 * reported from the recorded trade (`Exit`), which carries the P&L.
 */
export const positionEvents = (before: Position | undefined, after: Position): ReadonlyArray<TradingEvent> => {
  const events: Array<TradingEvent> = []
  if (!before?.size.gt(0) && after.size.gt(0)) events.push(TradingEvent.Entry({ position: after }))
  if (before === undefined) return events
  if (!before.stopPrice.eq(after.stopPrice) && after.size.gt(0)) {
    events.push(
      TradingEvent.StopMoved({
        position: after,
        previousStop: before.stopPrice,
        reason: stopMoveReason(before, after)
      })
    )
  }
  const targets = [
    { level: "TP1", filled: (p: Position) => p.tp1Filled, price: after.tp1Price },
    { level: "TP2", filled: (p: Position) => p.tp2Filled, price: after.tp2Price }
  ]
  for (const target of targets) {
    if (target.filled(after) && !target.filled(before) && target.price !== undefined) {
      events.push(
        TradingEvent.TakeProfitHit({
          position: after,
          level: target.level,
          filledSize: before.size.minus(after.size),
          price: target.price
        })
      )
    }
  }
  if (before.isProtected && !after.isProtected && after.size.gt(0)) {
    events.push(
      TradingEvent.NakedPosition({
        symbol: after.symbol,
        detail: `${after.side} ${after.size.toString()} without a live stop: ${after.protectionReason ?? "stop lost"}`
      })
    )
  }
  return events
}
