import { Effect, Option, Schema } from "effect"
import type { SystemEvent } from "../domain/SystemEvent.ts"
import type { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { emittedHorizon } from "./Analyze.ts"
import type { StrategyParams } from "./StrategyParams.ts"
import type { Bars } from "./Types.ts"

/** What a recorded trade signal (`{ signal: <encoded TradeSignal> }`) says about its setup. */
const RecordedSetup = Schema.Struct({
  signal: Schema.Struct({ _tag: Schema.Literal("TradeSignal"), setupId: Schema.String, timestamp: Schema.Number })
})
const recordedSetup = Schema.decodeUnknownOption(RecordedSetup)

/**
 * The emit-once registry (`StrategyState.emitted`: setup id → open time of the decision bar it was emitted on) of
 * one symbol, rebuilt from its `signal_generated` events: only setups emitted on a bar at or after `horizon`, the
 * ones the in-memory registry would still hold. Events of other symbols or without a setup id are ignored.
 */
export const emittedFromEvents = (
  events: ReadonlyArray<SystemEvent>,
  symbol: string,
  horizon: number
): ReadonlyMap<string, number> => {
  const emitted = new Map<string, number>()
  for (const event of events) {
    if (event.eventType !== "signal_generated" || event.symbol !== symbol) continue
    const setup = Option.getOrUndefined(recordedSetup(event.details))?.signal
    if (setup !== undefined && setup.timestamp >= horizon) emitted.set(setup.setupId, setup.timestamp)
  }
  return emitted
}

/**
 * The setups of `symbol` already emitted (recorded by an earlier run) that are still inside the emit-once window
 * of the `decision` series, as of `nowMs`. A signal is recorded when its bar has closed, so its event time is at
 * or after its bar's open time: reading events from the horizon on finds them all, and none recorded after now.
 */
export const recordedEmitted = (
  events: SystemEventRepository["Type"],
  symbol: string,
  decision: Bars,
  nowMs: number,
  params: StrategyParams
): Effect.Effect<ReadonlyMap<string, number>> => {
  const horizon = emittedHorizon(decision, params)
  return Effect.map(events.byType("signal_generated", { from: horizon, to: nowMs + 1 }), (rows) =>
    emittedFromEvents(rows, symbol, horizon)
  )
}
