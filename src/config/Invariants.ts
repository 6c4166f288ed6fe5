import { ConfigIssue } from "./ConfigError.ts"
import { getPath, type Tree } from "./Tree.ts"

/**
 * Cross-field rules, checked on the raw tree so they are reported beside type errors. A rule only runs when the
 * values it compares are present and of the right type; the Schema reports the others. Each issue names both keys.
 */

type Relation = "<" | "<=" | ">=" | ">"

const holds = (left: number, relation: Relation, right: number): boolean =>
  relation === "<" ? left < right : relation === "<=" ? left <= right : relation === ">=" ? left >= right : left > right

const WORDS: Record<Relation, string> = {
  "<": "must be less than",
  "<=": "must be at most",
  ">=": "must be at least",
  ">": "must be greater than"
}

const at = (tree: Tree, path: string): unknown => getPath(tree, path.split("."))

const numberAt = (tree: Tree, path: string): number | undefined => {
  const value = at(tree, path)
  return typeof value === "number" && Number.isFinite(value) ? value : undefined
}

/** `left relation right` between two keys. */
const compare = (tree: Tree, left: string, relation: Relation, right: string, why: string): Array<ConfigIssue> => {
  const a = numberAt(tree, left)
  const b = numberAt(tree, right)
  if (a === undefined || b === undefined || holds(a, relation, b)) return []
  return [new ConfigIssue({ path: left, value: String(a), message: `${WORDS[relation]} ${right} (${b}): ${why}` })]
}

const isSet = (value: unknown): boolean => typeof value === "string" && value.trim() !== ""

/** Close fractions of an exit plan must add up to 1 (within float noise). */
const splitSumsToOne = (tree: Tree, prefix: string): Array<ConfigIssue> => {
  const keys = ["tp1_pct", "tp2_pct", "runner_pct"].map((key) => `${prefix}.${key}`)
  const values = keys.map((key) => numberAt(tree, key))
  if (values.some((value) => value === undefined)) return []
  const sum = values.reduce<number>((total, value) => total + (value ?? 0), 0)
  if (Math.abs(sum - 1) <= 1e-9) return []
  return [new ConfigIssue({ path: prefix, value: String(sum), message: `${keys.join(" + ")} must equal 1` })]
}

/** Progressive trail levels: R thresholds rising, ATR multipliers falling (each level tightens the trail). */
const progressiveLevels = (tree: Tree): Array<ConfigIssue> => {
  const levels = at(tree, "multi_tp.progressive_trail_levels")
  if (!Array.isArray(levels)) return []
  return levels.slice(1).flatMap((_, offset) => {
    const path = `multi_tp.progressive_trail_levels.${offset + 1}`
    const previous = `multi_tp.progressive_trail_levels.${offset}`
    return [
      ...compare(tree, `${path}.r`, ">", `${previous}.r`, "levels are listed by rising R"),
      ...compare(tree, `${path}.atr_multiplier`, "<", `${previous}.atr_multiplier`, "each level tightens the trail")
    ]
  })
}

const safetyAndAuction = (tree: Tree): Array<ConfigIssue> => [
  ...compare(
    tree,
    "risk.auction_max_margin_util",
    "<",
    "safety.invariants.max_margin_utilization_pct",
    "the auction's margin budget must stay below the margin halt"
  ),
  ...compare(
    tree,
    "safety.invariants.degraded_margin_utilization_pct",
    "<=",
    "risk.auction_max_margin_util",
    "the margin warning must fire within the auction's budget"
  ),
  ...compare(
    tree,
    "safety.invariants.max_positions",
    ">=",
    "risk.auction_max_positions",
    "a full auction book must not trip the position-count halt"
  ),
  ...compare(
    tree,
    "safety.invariants.degraded_positions",
    "<",
    "safety.invariants.max_positions",
    "the warning comes before the halt"
  ),
  ...compare(
    tree,
    "safety.invariants.degraded_drawdown_pct",
    "<",
    "safety.invariants.max_drawdown_pct",
    "the warning comes before the halt"
  ),
  ...compare(
    tree,
    "safety.auto_recovery.max_margin_utilization_pct",
    "<",
    "safety.invariants.max_margin_utilization_pct",
    "recovering at or above the halt level would halt again"
  ),
  ...compare(
    tree,
    "risk.auction_rebalancer_clear_pct_equity",
    "<",
    "risk.auction_rebalancer_trigger_pct_equity",
    "the rebalancer trims down to clear after crossing trigger"
  ),
  ...compare(
    tree,
    "risk.auction_rebalancer_trigger_pct_equity",
    "<=",
    "safety.invariants.max_single_position_pct_equity",
    "positions are trimmed before the single-position warning fires"
  ),
  ...boostedEntry(tree),
  ...(at(tree, "risk.auction_mode_enabled") === false
    ? compare(
        tree,
        "risk.max_concurrent_positions",
        "<=",
        "safety.invariants.max_positions",
        "without the auction this count caps the book"
      )
    : [])
]

/** A boosted leverage-based entry (risk × leverage × boost, of equity) must not exceed the rebalancer trigger. */
const boostedEntry = (tree: Tree): Array<ConfigIssue> => {
  if (at(tree, "risk.sizing_method") !== "leverage_based" || at(tree, "risk.auction_mode_enabled") !== true) return []
  const risk = numberAt(tree, "risk.risk_per_trade_pct")
  const leverage = numberAt(tree, "risk.target_leverage")
  const boost = numberAt(tree, "risk.utilisation_boost_max_factor")
  const trigger = numberAt(tree, "risk.auction_rebalancer_trigger_pct_equity")
  if (risk === undefined || leverage === undefined || boost === undefined || trigger === undefined) return []
  const boosted = risk * leverage * boost
  if (boosted <= trigger + 1e-12) return []
  return [
    new ConfigIssue({
      path: "risk.utilisation_boost_max_factor",
      value: String(boost),
      message: `risk.risk_per_trade_pct × risk.target_leverage × risk.utilisation_boost_max_factor (${boosted.toFixed(4)}) must be at most risk.auction_rebalancer_trigger_pct_equity (${trigger}): a boosted entry would be trimmed next cycle`
    })
  ]
}

const ordering = (tree: Tree): Array<ConfigIssue> => [
  ...compare(tree, "risk.target_leverage", "<=", "risk.max_leverage", "sizing leverage is capped by max_leverage"),
  ...(["A", "B", "C"] as const).flatMap((tier) =>
    compare(
      tree,
      `liquidity_filters.tier_configs.${tier}.max_leverage`,
      "<=",
      "risk.max_leverage",
      "a tier cannot allow more than the global cap"
    )
  ),
  ...compare(
    tree,
    "risk.max_single_position_margin_pct_equity",
    "<=",
    "risk.max_aggregate_margin_pct_equity",
    "one position's margin is part of the aggregate"
  ),
  ...compare(
    tree,
    "risk.vol_sizing_atr_threshold_low",
    "<",
    "risk.vol_sizing_atr_threshold_high",
    "bands must not overlap"
  ),
  ...compare(tree, "strategy.tight_smc_atr_stop_min", "<=", "strategy.tight_smc_atr_stop_max", "a range"),
  ...compare(tree, "strategy.wide_structure_atr_stop_min", "<=", "strategy.wide_structure_atr_stop_max", "a range"),
  ...compare(tree, "strategy.stop_widen_factor", "<=", "strategy.stop_widen_max_factor", "the cap bounds the factor"),
  ...compare(
    tree,
    "strategy.atr_confirmation_threshold_low",
    "<",
    "strategy.atr_confirmation_threshold_high",
    "bands must not overlap"
  ),
  ...compare(tree, "multi_tp.tp1_r", "<", "multi_tp.tp2_r", "TP1 comes before TP2"),
  ...compare(tree, "multi_tp.tp2_r", "<=", "multi_tp.runner_r", "the runner target is the furthest"),
  ...compare(
    tree,
    "safety.protection.heal_after_checks",
    "<",
    "safety.protection.kill_after_checks",
    "self-heal is tried before escalation"
  ),
  ...compare(tree, "safety.protection.min_stop_coverage", "<=", "safety.protection.warn_stop_coverage", "a range"),
  ...compare(
    tree,
    "universe.tier_c_min_volume_24h_usd",
    "<=",
    "universe.tier_b_min_volume_24h_usd",
    "tier B is the more liquid tier"
  ),
  ...compare(
    tree,
    "universe.tier_b_max_spread_pct",
    "<=",
    "universe.tier_c_max_spread_pct",
    "tier B is the tighter tier"
  ),
  ...splitSumsToOne(tree, "multi_tp"),
  ...(["tight_smc", "wide_structure", "consolidation"] as const).flatMap((regime) =>
    splitSumsToOne(tree, `multi_tp.regime_runner_overrides.${regime}`)
  ),
  ...progressiveLevels(tree)
]

/** Keys that must be set when a feature or mode is on: `mode: live` trades real money on Kraken. */
const requirements = (tree: Tree): Array<ConfigIssue> => {
  const required = (when: string, keys: ReadonlyArray<string>): Array<ConfigIssue> =>
    keys
      .filter((key) => !isSet(at(tree, key)) && typeof at(tree, key) !== "number")
      .map((key) => new ConfigIssue({ path: key, message: `required when ${when}` }))
  const live = at(tree, "mode") === "live"
  const venue = at(tree, "exchange.venue")
  return [
    ...(live && venue !== "kraken" && typeof venue === "string"
      ? [
          new ConfigIssue({
            path: "exchange.venue",
            value: JSON.stringify(venue),
            message: "must be kraken when mode is live"
          })
        ]
      : []),
    ...(live
      ? required("mode is live (set KRAKEN_API_KEY / KRAKEN_API_SECRET)", [
          "exchange.kraken.api_key",
          "exchange.kraken.api_secret"
        ])
      : []),
    ...(at(tree, "monitoring.telegram.enabled") === true
      ? required("monitoring.telegram.enabled is true", [
          "monitoring.telegram.bot_token",
          "monitoring.telegram.chat_id"
        ])
      : []),
    ...(at(tree, "monitoring.discord.enabled") === true
      ? required("monitoring.discord.enabled is true", ["monitoring.discord.webhook_url"])
      : [])
  ]
}

/** Every cross-field rule of docs/CONFIG.md, over the raw (substituted, overridden) tree. */
export const checkInvariants = (tree: Tree): Array<ConfigIssue> => [
  ...requirements(tree),
  ...safetyAndAuction(tree),
  ...ordering(tree)
]
