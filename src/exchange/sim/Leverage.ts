import type { Decimal } from "../../domain/Money.ts"
import type { Draft, EngineState, StepResult } from "./EngineState.ts"
import { marginSummary } from "./Margin.ts"
import type { RejectReason } from "./SimEvent.ts"
import { runStep } from "./Step.ts"

const refusal = (draft: Draft, symbol: string, leverage: Decimal | null): RejectReason | null => {
  const instrument = draft.instruments[symbol]
  if (!instrument) return "marketUnavailable"
  if (leverage !== null && (!leverage.gt(0) || leverage.gt(instrument.maxLeverage))) return "invalidArgument"
  const summary = marginSummary({ ...draft, leverage: withLeverage(draft.leverage, symbol, leverage) })
  return summary.availableMargin.lt(0) ? "wouldCauseLiquidation" : null
}

const withLeverage = (
  leverage: Readonly<Record<string, Decimal>>,
  symbol: string,
  value: Decimal | null
): Record<string, Decimal> => {
  const { [symbol]: _, ...others } = leverage
  return value === null ? others : { ...others, [symbol]: value }
}

/**
 * Sets the leverage a symbol's initial margin uses (1 / leverage), or with null returns it to the instrument's
 * maximum. Kraken makes a symbol with a preference isolated; the simulator keeps one cross-margin pool and only
 * changes the rate. Refused above the maximum, and when the new margin would leave negative available margin.
 */
export const setLeverage = (state: EngineState, symbol: string, leverage: Decimal | null, time: number): StepResult =>
  runStep(state, time, (draft) => {
    const reason = refusal(draft, symbol, leverage)
    if (reason !== null) {
      draft.events.push({ type: "leverage_rejected", time: draft.time, symbol, reason })
      return
    }
    draft.leverage = withLeverage(draft.leverage, symbol, leverage)
    draft.events.push({ type: "leverage_changed", time: draft.time, symbol, leverage })
  })
