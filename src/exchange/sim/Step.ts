import { beginStep, commitStep, type Draft, type EngineState, type StepResult } from "./EngineState.ts"
import { cancelWorkingOrder } from "./Execution.ts"
import { advanceClock } from "./Funding.ts"
import { liquidateIfUnderMaintenance } from "./Liquidation.ts"
import { initialMarginWithOrders, marginEquity } from "./Margin.ts"
import { withOrderAdded, withoutOrder } from "./OrderIndex.ts"
import type { SimOrder } from "./SimOrder.ts"

/**
 * The frame of every engine step: copy the state, move the clock to `time` (booking funding boundaries on the
 * way), fire the dead man's switch if its time has come (at the step's time, before the step's own work), run the
 * step's own work, liquidate if the account ended under maintenance, and return the new state with
 * the events in the order they happened.
 */
export const runStep = (state: EngineState, time: number, work: (draft: Draft) => void): StepResult => {
  const draft = beginStep(state)
  advanceClock(draft, time)
  if (draft.cancelAllAt !== null && draft.time >= draft.cancelAllAt) {
    draft.cancelAllAt = null
    for (const order of draft.openOrders) cancelWorkingOrder(draft, order, "deadManSwitch")
  }
  work(draft)
  liquidateIfUnderMaintenance(draft)
  return commitStep(draft)
}

/**
 * Whether working `candidate` (a new order, or a new version of an open one) would leave negative available
 * margin while raising the margin the orders need. Orders that do not raise it are always allowed, so an
 * account under water can still reduce.
 */
export const lacksMargin = (draft: Draft, candidate: SimOrder): boolean => {
  if (candidate.reduceOnly) return false
  const after = { ...draft, openOrders: withOrderAdded(withoutOrder(draft.openOrders, candidate), candidate) }
  const needed = initialMarginWithOrders(after)
  return needed.gt(initialMarginWithOrders(draft)) && marginEquity(after).minus(needed).lt(0)
}
