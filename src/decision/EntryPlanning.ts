import type { Instrument } from "../domain/Instrument.ts"
import type { Decimal } from "../domain/Money.ts"
import type { PositionId } from "../domain/Position.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { EntryPlan } from "../execution/ManagedPosition.ts"
import type { OpenPositionInput } from "../execution/OpenPosition.ts"
import type { PreparedCandidate, ScoredSignal } from "../portfolio/Candidates.ts"
import type { DailyPnl } from "../risk/DailyPnl.ts"
import { type RiskContext, validateTrade } from "../risk/ValidateTrade.ts"
import { type Refusal, refusal } from "./DecisionRejection.ts"
import type { DecisionSettings } from "./DecisionSettings.ts"
import type { DecisionSignal, MarketView } from "./DecisionTypes.ts"
import type { FuturesLevels } from "./FuturesLevels.ts"
import { markOf, spotOf } from "./MarketViews.ts"
import { takeProfitLadder } from "./TakeProfitLadder.ts"

/** A signal ready for the risk manager and the auction: its futures levels, market and decision id. */
export interface PlannedSignal extends ScoredSignal {
  readonly signal: DecisionSignal
  readonly decisionId: PositionId
  readonly view: MarketView
  readonly instrument: Instrument
  readonly levels: FuturesLevels
}

/** The positions that count against the risk caps while sizing. */
export interface OpenBook {
  readonly notional: Decimal
  readonly count: number
}

/** What every risk check of the tick shares. */
export interface RiskBase {
  readonly now: EpochMillis
  readonly equity: Decimal
  readonly daily: DailyPnl
  readonly lossStreakPausedUntil?: EpochMillis | undefined
  /** The auction budget, equity × auction_max_margin_util (§2.1 step 5). */
  readonly budget: Decimal
}

/** The risk context of a planned signal against `book` (preparation: the auction budget as available margin). */
export const riskContext = (planned: PlannedSignal, book: OpenBook, base: RiskBase): RiskContext => ({
  equity: base.equity,
  spot: spotOf(planned.view),
  mark: markOf(planned.view),
  openNotional: book.notional,
  availableMargin: base.budget,
  skipMarginCheck: false,
  tier: planned.view.tier,
  portfolio: {
    openPositions: book.count,
    daily: base.daily,
    lossStreakPausedUntil: base.lossStreakPausedUntil,
    now: base.now
  },
  instrument: planned.instrument
})

/**
 * The executor's `open` input for an approved signal: `quantity` contracts (already on the step and above the
 * minimum: the risk manager rounded them), entry and initial stop on the perpetual's grid, and the TP ladder.
 */
export const openInput = (
  planned: PlannedSignal,
  quantity: Decimal,
  at: EpochMillis,
  settings: DecisionSettings
): OpenPositionInput => {
  const { signal, view, levels } = planned
  const ladder = takeProfitLadder(signal.side, signal.regime, levels, view.contract.tickSize, settings.multiTp)
  const plan: EntryPlan = {
    quantity,
    entryPrice: levels.entry,
    initialStop: levels.stop,
    ...ladder,
    sizeStep: view.contract.sizeStep,
    minSize: view.contract.minSize,
    regime: signal.regime,
    setupType: signal.setupType
  }
  return {
    positionId: planned.decisionId,
    symbol: signal.symbol,
    futuresSymbol: view.futuresSymbol,
    side: signal.side,
    plan,
    at
  }
}

export interface PlannedEntry {
  readonly open: OpenPositionInput
  readonly signal: DecisionSignal
}

/**
 * The open-time risk pass (§2.9 step 5): each auction open, in the auction's order, is validated again with the
 * auction's notional as override (which enables the utilisation boost and skips the margin check), against the
 * book left after this cycle's closes plus the opens accepted before it; the exchange's free margin caps the
 * boost. The approved size, on the contract step, is the entry's quantity.
 */
export const sizeOpens = (
  opens: ReadonlyArray<PreparedCandidate<PlannedSignal>>,
  book: OpenBook,
  base: RiskBase,
  freeMargin: Decimal,
  settings: DecisionSettings
): { readonly entries: ReadonlyArray<PlannedEntry>; readonly refusals: ReadonlyArray<Refusal> } => {
  const entries: Array<PlannedEntry> = []
  const refusals: Array<Refusal> = []
  let current = book
  for (const candidate of opens) {
    const planned = candidate.signal
    const context: RiskContext = {
      ...riskContext(planned, current, base),
      notionalOverride: candidate.approval.notional,
      skipMarginCheck: true,
      availableMargin: freeMargin
    }
    const decision = validateTrade(planned, context, settings.risk, settings.tiers)
    if (decision._tag === "Rejected")
      refusals.push(refusal(planned.signal, "sizing", `SIZING_${decision.reason}`, decision.detail))
    else if (decision.contracts === undefined)
      refusals.push(refusal(planned.signal, "sizing", "APPROVED_BUT_NON_TRADABLE_SIZE", "no contract size"))
    else {
      entries.push({ open: openInput(planned, decision.contracts, base.now, settings), signal: planned.signal })
      current = { notional: current.notional.plus(decision.notional), count: current.count + 1 }
    }
  }
  return { entries, refusals }
}
