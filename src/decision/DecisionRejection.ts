import type { PositionId } from "../domain/Position.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import type { CandidateRejection } from "../portfolio/AuctionTypes.ts"
import type { PreparationRejection } from "../portfolio/Candidates.ts"
import type { RiskRejection } from "../risk/RiskRejection.ts"
import type { DecisionSignal } from "./DecisionTypes.ts"
import { positionIdFor } from "./EntryIds.ts"

/** Why no entry may open this tick at all; every signal of the tick is refused with it. */
export type EntryBlock =
  | "KILL_SWITCH"
  | "SAFETY_DEGRADED"
  | "SAFETY_HALTED"
  | "SAFETY_EMERGENCY"
  /** An implausible drawdown waits for two fresh equity reads (§8.1). */
  | "EQUITY_UNCONFIRMED"
  /** ShockGuard: a 1-minute shock or a basis blow-out paused entries (§3.11). */
  | "SHOCK_GUARD"
  /** The runtime's own gates (§2.9 step 4, the staleness watchdog, the API breaker). */
  | "STALE_DATA"
  | "CIRCUIT_OPEN"
  | "FRESH_SNAPSHOT_UNAVAILABLE"
  | "RECONCILE_BLOCKING_ISSUES"

/** Where in the decision a signal was refused, in pipeline order. */
export type DecisionStage = "gate" | "market" | "preparation" | "auction" | "sizing"

export type DecisionRejectionReason =
  | EntryBlock
  /** A second signal for a symbol key this tick: the best one competes, the others are dropped. */
  | "DUPLICATE_SIGNAL"
  /** The symbol or its base is on the entry blocklist (§2.9 step 5). */
  | "ENTRY_BLOCKED"
  /** No contract spec or ticker for the symbol this tick. */
  | "NO_MARKET"
  /** The venue lists the contract as not open for trading. */
  | "NOT_TRADEABLE"
  | PreparationRejection
  | CandidateRejection
  /** The open-time risk pass (auction notional as override, utilisation boost, fresh free margin) refused it. */
  | `SIZING_${RiskRejection}`

/** One refused signal, with the decision_trace event that records it. */
export interface DecisionRejection {
  readonly symbol: SpotSymbol
  /** The position id the entry would have had (also the event's decision id). */
  readonly decisionId: PositionId
  readonly stage: DecisionStage
  readonly reason: DecisionRejectionReason
  readonly detail: string
}

/** A rejection with the signal it refused (the event needs the signal's numbers). */
export interface Refusal {
  readonly rejection: DecisionRejection
  readonly signal: DecisionSignal
}

export const refusal = (
  signal: DecisionSignal,
  stage: DecisionStage,
  reason: DecisionRejectionReason,
  detail: string
): Refusal => ({
  signal,
  rejection: {
    symbol: signal.symbol,
    decisionId: positionIdFor(signal.symbol, signal.timestamp),
    stage,
    reason,
    detail
  }
})

const STAGE_ORDER: ReadonlyArray<DecisionStage> = ["gate", "market", "preparation", "auction", "sizing"]

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A total order (symbol, decision, stage, reason), so the output never depends on the input order. */
export const compareRejections = (a: DecisionRejection, b: DecisionRejection): number =>
  compareText(a.symbol, b.symbol) ||
  compareText(a.decisionId, b.decisionId) ||
  STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
  compareText(a.reason, b.reason) ||
  compareText(a.detail, b.detail)
