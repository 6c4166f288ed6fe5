import { type Decimal, ZERO } from "../../domain/Money.ts"
import { type EngineState, type StepResult, writeTable } from "./EngineState.ts"
import { workSymbol } from "./Matching.ts"
import { runStep } from "./Step.ts"

/** One observation of a symbol's prices; mark and index default to last, the funding rate to the previous one. */
export interface PriceEvent {
  readonly symbol: string
  readonly time: number
  readonly last: Decimal
  readonly mark?: Decimal
  readonly index?: Decimal
  /** Relative rate per funding interval. */
  readonly fundingRate?: Decimal
}

/**
 * Moves the market of one symbol: funding boundaries before `time` are booked at the previous prices, then the
 * new prices apply, trailing stops follow, triggers fire and crossing orders fill, then liquidation is checked.
 * Events for unknown symbols are ignored (no instrument, nothing to do).
 */
export const advancePrice = (state: EngineState, event: PriceEvent): StepResult =>
  runStep(state, event.time, (draft) => {
    if (!draft.instruments[event.symbol]) return
    const previous = draft.prices[event.symbol]
    writeTable(draft, "prices")[event.symbol] = {
      time: draft.time,
      last: event.last,
      mark: event.mark ?? event.last,
      index: event.index ?? event.last,
      fundingRate: event.fundingRate ?? previous?.fundingRate ?? ZERO
    }
    workSymbol(draft, event.symbol, null)
  })

/** Moves the clock without a price (funding boundaries, then the liquidation check). */
export const advanceTime = (state: EngineState, time: number): StepResult => runStep(state, time, () => {})
