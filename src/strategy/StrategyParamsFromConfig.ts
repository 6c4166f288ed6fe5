import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import type { StrategyParams } from "./StrategyParams.ts"

/**
 * The strategy's parameters from the decoded configuration. Every StrategyParams key is a `strategy:` key of the
 * same name (the typed assignment below proves it), except the minimum reward:risk, which lives in the risk
 * section: the original read it from the wrong one and silently ignored it.
 */
export const strategyParamsFromConfig = (config: AppConfigShape): StrategyParams => {
  const strategySection: Omit<StrategyParams, "tight_smc_min_rr"> = config.strategy
  return { ...strategySection, tight_smc_min_rr: config.risk.tight_smc_min_rr_multiple }
}
