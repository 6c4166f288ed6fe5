import { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { OpenPositionInput } from "../execution/OpenPosition.ts"
import { compareRejections, type DecisionRejection, type Refusal } from "./DecisionRejection.ts"
import type { DecisionExit, DecisionSignal } from "./DecisionTypes.ts"
import type { PlannedEntry } from "./EntryPlanning.ts"

// Field names follow what the dashboard's decision list reads (`code`, `score`, `entryPrice`, ...).
const signalFields = (signal: DecisionSignal) => ({
  score: signal.score,
  regime: signal.regime,
  setupType: signal.setupType,
  entryPrice: signal.entryPrice.toString(),
  stopLoss: signal.stopLoss.toString(),
  takeProfit: signal.takeProfit.toString()
})

/** The decision_trace of a refused signal: its typed reason, stage and the signal's numbers. */
export const rejectionTrace = (rejection: DecisionRejection, signal: DecisionSignal, at: EpochMillis): SystemEvent =>
  SystemEvent.make({
    timestamp: at,
    eventType: "decision_trace",
    symbol: rejection.symbol,
    decisionId: rejection.decisionId,
    details: {
      stage: rejection.stage,
      outcome: "rejected",
      code: rejection.reason,
      detail: rejection.detail,
      reasoning: rejection.detail === "" ? [] : [rejection.detail],
      signalSide: signal.side,
      ...signalFields(signal)
    }
  })

/** The decision_trace of an accepted entry: the plan the executor receives. */
export const entryTrace = (entry: OpenPositionInput, signal: DecisionSignal, at: EpochMillis): SystemEvent =>
  SystemEvent.make({
    timestamp: at,
    eventType: "decision_trace",
    symbol: entry.symbol,
    decisionId: entry.positionId,
    details: {
      stage: "decision",
      outcome: "accepted",
      code: "ENTRY",
      side: entry.side,
      ...signalFields(signal),
      quantity: entry.plan.quantity.toString(),
      futuresEntry: entry.plan.entryPrice.toString(),
      initialStop: entry.plan.initialStop.toString(),
      tp1: entry.plan.tp1Price?.toString() ?? null,
      tp2: entry.plan.tp2Price?.toString() ?? null,
      finalTarget: entry.plan.finalTarget?.toString() ?? null
    }
  })

/** The decision_trace of an auction close. */
export const exitTrace = (exit: DecisionExit, at: EpochMillis): SystemEvent =>
  SystemEvent.make({
    timestamp: at,
    eventType: "decision_trace",
    symbol: exit.symbol,
    decisionId: exit.positionId,
    details: {
      stage: "auction",
      outcome: "close",
      code: exit.auctionReason,
      exitReason: exit.reason,
      replacement: exit.replacement ?? null
    }
  })

/** Every decision_trace of a cycle: exits, then entries in the auction's order, then rejections in their order. */
export const decisionEvents = (
  exits: ReadonlyArray<DecisionExit>,
  entries: ReadonlyArray<PlannedEntry>,
  refusals: ReadonlyArray<Refusal>,
  at: EpochMillis
): ReadonlyArray<SystemEvent> => [
  ...exits.map((exit) => exitTrace(exit, at)),
  ...entries.map((entry) => entryTrace(entry.open, entry.signal, at)),
  ...[...refusals]
    .sort((a, b) => compareRejections(a.rejection, b.rejection))
    .map((r) => rejectionTrace(r.rejection, r.signal, at))
]
