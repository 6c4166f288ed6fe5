import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { SetupType, TradeRegime } from "../domain/Signal.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type { Cooldown, CooldownKind } from "../risk/Cooldowns.ts"
import type { RiskParams, TierConfigs } from "../risk/RiskParams.ts"
import type { RiskRejection } from "../risk/RiskRejection.ts"
import { type Approved, type RiskContext, validateTrade } from "../risk/ValidateTrade.ts"
import type { AuctionCandidate } from "./AuctionTypes.ts"
import { clusterOf } from "./Valuation.ts"

/** What the auction needs of a strategy signal (a projection of `TradeSignal`). */
export interface ScoredSignal {
  readonly key: SymbolKey
  readonly side: Side
  readonly score: number
  readonly regime: TradeRegime
  readonly setupType: SetupType
  readonly entry: Decimal
  readonly stop: Decimal
  readonly takeProfit?: Decimal | undefined
  readonly atrRatio?: number | undefined
}

/** A candidate with the risk approval it was sized by; the open later passes `approval.notional` as override. */
export interface PreparedCandidate<S extends ScoredSignal> extends AuctionCandidate {
  readonly signal: S
  readonly approval: Approved
}

export type PreparationRejection =
  | "SYMBOL_HELD"
  | CooldownKind
  | "NO_SPEC"
  | `RISK_${RiskRejection}`
  | "APPROVED_BUT_NON_TRADABLE_SIZE"

export interface PreparationInput<S extends ScoredSignal> {
  readonly signals: ReadonlyArray<S>
  readonly heldKeys: ReadonlySet<SymbolKey>
  /** The active cooldown of a symbol (see `signalCooldown`), if any. */
  readonly cooldownFor: (key: SymbolKey) => Cooldown | undefined
  /**
   * The risk context of a symbol with `availableMargin` = the auction budget (equity × auction_max_margin_util);
   * undefined when the symbol has no instrument spec.
   */
  readonly riskContextFor: (key: SymbolKey) => RiskContext | undefined
}

/**
 * Candidate preparation (§2.1), pure: drop held symbols, cooldowns, symbols without a spec, then size each
 * signal with the risk manager against the auction's margin budget. The approved ones become auction candidates
 * with their required margin; each refusal keeps its reason.
 */
export const prepareCandidates = <S extends ScoredSignal>(
  input: PreparationInput<S>,
  params: RiskParams,
  tiers: TierConfigs
): {
  readonly candidates: ReadonlyArray<PreparedCandidate<S>>
  readonly rejected: ReadonlyArray<{
    readonly signal: S
    readonly reason: PreparationRejection
    readonly detail?: string
  }>
} => {
  const candidates: Array<PreparedCandidate<S>> = []
  const rejected: Array<{ readonly signal: S; readonly reason: PreparationRejection; readonly detail?: string }> = []
  for (const signal of input.signals) {
    if (input.heldKeys.has(signal.key)) {
      rejected.push({ signal, reason: "SYMBOL_HELD" })
      continue
    }
    const cooldown = input.cooldownFor(signal.key)
    if (cooldown !== undefined) {
      rejected.push({ signal, reason: cooldown.kind })
      continue
    }
    const context = input.riskContextFor(signal.key)
    if (context === undefined) {
      rejected.push({ signal, reason: "NO_SPEC" })
      continue
    }
    const decision = validateTrade(signal, context, params, tiers)
    if (decision._tag === "Rejected")
      rejected.push({ signal, reason: `RISK_${decision.reason}`, detail: decision.detail })
    else if (decision.notional.lte(0) || decision.margin.lte(0))
      rejected.push({ signal, reason: "APPROVED_BUT_NON_TRADABLE_SIZE" })
    else
      candidates.push({
        key: signal.key,
        side: signal.side,
        score: signal.score,
        cluster: clusterOf(signal.regime, signal.setupType),
        requiredMargin: decision.margin,
        signal,
        approval: decision
      })
  }
  return { candidates, rejected }
}
