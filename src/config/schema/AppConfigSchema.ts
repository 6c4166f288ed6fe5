import { Schema } from "effect"
import { ExchangeConfig } from "./ExchangeConfig.ts"
import { ExecutionConfig, LiquidityFiltersConfig, MultiTpConfig, ReconciliationConfig } from "./ExecutionConfig.ts"
import { DataConfig, UniverseConfig } from "./MarketConfig.ts"
import { RiskConfig } from "./RiskConfig.ts"
import { DashboardConfig, LoggingConfig, MonitoringConfig, RuntimeConfig, StorageConfig } from "./RuntimeConfig.ts"
import { SafetyConfig } from "./SafetyConfig.ts"
import { StrategyConfig } from "./StrategyConfig.ts"

/**
 * The whole configuration: config.yaml's sections plus safety.yaml as `safety`. Property names are the YAML keys,
 * so a decode error's path is the key path an operator edits.
 */
export const AppConfigSchema = Schema.Struct({
  mode: Schema.Literal("paper", "live"),
  exchange: ExchangeConfig,
  runtime: RuntimeConfig,
  storage: StorageConfig,
  logging: LoggingConfig,
  monitoring: MonitoringConfig,
  dashboard: DashboardConfig,
  data: DataConfig,
  universe: UniverseConfig,
  strategy: StrategyConfig,
  risk: RiskConfig,
  execution: ExecutionConfig,
  multi_tp: MultiTpConfig,
  liquidity_filters: LiquidityFiltersConfig,
  reconciliation: ReconciliationConfig,
  safety: SafetyConfig
})

export interface AppConfigShape extends Schema.Schema.Type<typeof AppConfigSchema> {}
