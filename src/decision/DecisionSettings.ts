import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import type { MultiTpConfig } from "../config/schema/ExecutionConfig.ts"
import type { AuctionParams } from "../portfolio/AuctionTypes.ts"
import type { ChopParams } from "../portfolio/Chop.ts"
import type { CooldownParams } from "../risk/Cooldowns.ts"
import type { LossStreakParams } from "../risk/LossStreak.ts"
import { riskSettingsFromConfig } from "../risk/RiskManager.ts"
import type { RiskParams, TierConfigs } from "../risk/RiskParams.ts"
import type { ShockParams } from "../risk/ShockGuard.ts"
import { sizingLeverage } from "../risk/Sizing.ts"

/** Entry blocklist of the plan execution (§2.9 step 5): `execution.entry_blocklist_*`. */
export interface EntryBlocklist {
  readonly entry_blocklist_spot_symbols: ReadonlyArray<string>
  readonly entry_blocklist_bases: ReadonlyArray<string>
}

/** Structural TP levels closer to entry than this fraction are not used as targets (`execution.min_tp_distance_pct`). */
export interface TargetDistance {
  readonly min_tp_distance_pct: number
}

/** Everything `decideCycle` reads from the configuration, in the config's own key names. */
export interface DecisionSettings {
  readonly risk: RiskParams
  readonly tiers: TierConfigs
  readonly auction: AuctionParams
  readonly chop: ChopParams
  readonly cooldowns: CooldownParams
  readonly lossStreak: LossStreakParams
  readonly shock: ShockParams
  readonly multiTp: MultiTpConfig
  readonly execution: EntryBlocklist & TargetDistance
}

/** The decision stage's settings from the decoded configuration (the backtest and the live tick share it). */
export const decisionSettingsFromConfig = (config: AppConfigShape): DecisionSettings => {
  const { params, tiers } = riskSettingsFromConfig(config)
  return {
    risk: params,
    tiers,
    auction: config.risk,
    chop: config.risk,
    // Post-close, in-position and symbol-loss cooldowns live under `strategy`, churn under `risk`.
    cooldowns: { ...config.strategy, ...config.risk },
    lossStreak: config.risk,
    shock: config.risk,
    multiTp: config.multi_tp,
    execution: config.execution
  }
}

/**
 * The leverage written on trades and shown for positions (live and backtest alike): the registry does not keep each
 * position's tier, so the most conservative one (tier C's cap) stands for all.
 */
export const recordedLeverage = (config: AppConfigShape) => {
  const decision = decisionSettingsFromConfig(config)
  return sizingLeverage(decision.risk, decision.tiers, undefined)
}
