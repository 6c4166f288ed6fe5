import { Context, Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import type { RiskParams, TierConfigs } from "./RiskParams.ts"
import type { Rejected } from "./RiskRejection.ts"
import { type RiskContext, type RiskDecision, type TradeRequest, validateTrade } from "./ValidateTrade.ts"

/** The config sections the pure rules take: `risk` and `liquidity_filters.tier_configs` map 1:1. */
export const riskSettingsFromConfig = (
  config: AppConfigShape
): { readonly params: RiskParams; readonly tiers: TierConfigs } => ({
  params: config.risk,
  tiers: config.liquidity_filters.tier_configs
})

/** One trade to validate, with what ties its trace to the tick's decision. */
export interface RiskCheck {
  readonly symbol: SpotSymbol
  /** The decision id of the tick's trace for this symbol, when there is one. */
  readonly decisionId?: string | undefined
  readonly request: TradeRequest
  readonly context: RiskContext
}

/** The decision_trace event of a refusal: the typed reason and the numbers it was decided on. */
export const rejectionEvent = (check: RiskCheck, rejection: Rejected): SystemEvent =>
  SystemEvent.make({
    timestamp: check.context.portfolio.now,
    eventType: "decision_trace",
    symbol: check.symbol,
    ...(check.decisionId === undefined || check.decisionId.trim() === "" ? {} : { decisionId: check.decisionId }),
    details: {
      stage: "risk",
      outcome: "rejected",
      reason: rejection.reason,
      detail: rejection.detail,
      side: check.request.side,
      regime: check.request.regime,
      entry: check.request.entry.toString(),
      stop: check.request.stop.toString(),
      equity: check.context.equity.toString()
    }
  })

/**
 * The risk manager (trading-core §3): `validateTrade` with the configured parameters; every refusal is recorded
 * in system_events as a decision_trace with its typed reason, so the operator can see why nothing was opened.
 */
export class RiskManager extends Context.Tag("RiskManager")<
  RiskManager,
  { readonly validate: (check: RiskCheck) => Effect.Effect<RiskDecision> }
>() {
  static readonly layer = Layer.effect(
    RiskManager,
    Effect.gen(function* () {
      const { params, tiers } = riskSettingsFromConfig(yield* AppConfig)
      const events = yield* SystemEventRepository
      return RiskManager.of({
        validate: tracedFn("RiskManager.validate")(function* (check: RiskCheck) {
          const decision = validateTrade(check.request, check.context, params, tiers)
          if (decision._tag === "Rejected") yield* events.append(rejectionEvent(check, decision))
          return decision
        })
      })
    })
  )
}
