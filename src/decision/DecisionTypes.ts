import type { AccountState } from "../domain/AccountState.ts"
import type { Tier } from "../domain/Instrument.ts"
import type { Decimal } from "../domain/Money.ts"
import type { PositionId } from "../domain/Position.ts"
import type { TradeSignal } from "../domain/Signal.ts"
import type { FuturesSymbol, SpotSymbol, SymbolKey } from "../domain/Symbols.ts"
import type { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExitReason } from "../domain/Trade.ts"
import type { ContractSpec, MarketTicker } from "../exchange/Exchange.ts"
import type { ManagedPosition } from "../execution/ManagedPosition.ts"
import type { OpenPositionInput } from "../execution/OpenPosition.ts"
import type { CloseReason } from "../portfolio/AuctionTypes.ts"
import type { ClosedTrade } from "../risk/Cooldowns.ts"
import type { DailyPnl } from "../risk/DailyPnl.ts"
import { initialShockState, type ShockState, type ShockTrigger } from "../risk/ShockGuard.ts"
import type { DecisionRejection, EntryBlock } from "./DecisionRejection.ts"

/**
 * What the decision reads of a strategy `TradeSignal` (which satisfies it as is); the backtest can pass its own
 * records without building the full analysis payload.
 */
export type DecisionSignal = Pick<
  TradeSignal,
  | "timestamp"
  | "symbol"
  | "side"
  | "entryPrice"
  | "stopLoss"
  | "takeProfit"
  | "tpCandidates"
  | "setupType"
  | "regime"
  | "adx"
  | "atrRatio"
  | "score"
>

/** One tradeable market this tick: the perpetual's grid and level 1. */
export interface MarketView {
  readonly symbol: SpotSymbol
  readonly futuresSymbol: FuturesSymbol
  /** Liquidity tier (caps leverage and notional); unknown → C. */
  readonly tier?: Tier | undefined
  readonly contract: ContractSpec
  readonly ticker: MarketTicker
  /** Spot price for the basis guard; defaults to the ticker's index price, else its last price. */
  readonly spot?: Decimal | undefined
}

/** What the decision carries from one tick to the next (the backtest keeps it in memory, live too). */
export interface DecisionState {
  /** Consecutive cycles without any candidate (the "go flat" persistence, §2.5). */
  readonly noSignalCycles: number
  readonly shock: ShockState
}

export const initialDecisionState: DecisionState = { noSignalCycles: 0, shock: initialShockState }

export interface DecisionInput {
  readonly now: EpochMillis
  /** This tick's trade signals (any order). */
  readonly signals: ReadonlyArray<DecisionSignal>
  readonly account: AccountState
  /** Active (non-terminal) registry positions; terminal ones are ignored. */
  readonly positions: ReadonlyArray<ManagedPosition>
  /** Score each position was opened with; missing → 0 (imported positions, §2.2). */
  readonly entryScores?: ReadonlyMap<PositionId, number> | undefined
  /** Markets of this tick (signals' and positions' symbols). */
  readonly markets: ReadonlyArray<MarketView>
  /** Closed trades of at least the last 24 h (cooldowns, loss streak and chop are replayed from them). */
  readonly recentTrades: ReadonlyArray<ClosedTrade>
  readonly daily: DailyPnl
  /** From `safetyCycle`: when set, nothing opens and the auction does not close either (§2.9 step 2). */
  readonly entryBlock?: EntryBlock | undefined
  /**
   * Last TP1/TP2 fill known to the caller (partial-close cooldown, §2.3); the TP fills of the active positions
   * are read from their records, so this only matters for positions that closed since.
   */
  readonly lastPartialCloseAt?: EpochMillis | undefined
  /** Symbols analysed this tick (the chop regime's denominator). */
  readonly scannedSymbols: number
  readonly state: DecisionState
}

/** A position the auction closes: reduce-only market close of the whole remainder. */
export interface DecisionExit {
  readonly positionId: PositionId
  readonly symbol: SpotSymbol
  /** `strategic_close` for a swap, `no_signal_close` for the go-flat policy. */
  readonly reason: Extract<ExitReason, "strategic_close" | "no_signal_close">
  readonly auctionReason: CloseReason
  /** The symbol it makes room for (a swap). */
  readonly replacement?: SymbolKey
}

export interface CycleDecision {
  /** Executor `open` inputs, in the auction's order; execute after the exits. */
  readonly entries: ReadonlyArray<OpenPositionInput>
  readonly exits: ReadonlyArray<DecisionExit>
  readonly rejections: ReadonlyArray<DecisionRejection>
  /** decision_trace events of every entry, exit and rejection, ready to append. */
  readonly events: ReadonlyArray<SystemEvent>
  readonly shockTriggers: ReadonlyArray<ShockTrigger>
  readonly state: DecisionState
}
