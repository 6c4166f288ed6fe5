import { describe, expect, it } from "vitest"
import { type TestConfigPatch, testConfigSync } from "../../src/config/TestConfig.ts"
import { issueAt, issuesOf } from "./helpers.ts"

interface RelationCase {
  readonly name: string
  readonly patch: TestConfigPatch
  /** The key the issue is reported at, and the other key its message must name. */
  readonly path: string
  readonly other: string
}

const cases: ReadonlyArray<RelationCase> = [
  {
    name: "auction margin budget below the margin halt",
    patch: { config: { risk: { auction_max_margin_util: 0.93 } } },
    path: "risk.auction_max_margin_util",
    other: "safety.invariants.max_margin_utilization_pct"
  },
  {
    name: "margin halt above the auction budget (changed on the safety side)",
    patch: { safety: { invariants: { max_margin_utilization_pct: 0.9 } } },
    path: "risk.auction_max_margin_util",
    other: "safety.invariants.max_margin_utilization_pct"
  },
  {
    name: "margin warning within the auction budget",
    patch: { safety: { invariants: { degraded_margin_utilization_pct: 0.91 } } },
    path: "safety.invariants.degraded_margin_utilization_pct",
    other: "risk.auction_max_margin_util"
  },
  {
    name: "position-count halt at least the auction maximum",
    patch: { safety: { invariants: { max_positions: 20, degraded_positions: 15 } } },
    path: "safety.invariants.max_positions",
    other: "risk.auction_max_positions"
  },
  {
    name: "position-count warning below the halt",
    patch: { safety: { invariants: { degraded_positions: 27 } } },
    path: "safety.invariants.degraded_positions",
    other: "safety.invariants.max_positions"
  },
  {
    name: "drawdown warning below the halt",
    patch: { safety: { invariants: { degraded_drawdown_pct: 0.2 } } },
    path: "safety.invariants.degraded_drawdown_pct",
    other: "safety.invariants.max_drawdown_pct"
  },
  {
    name: "rebalancer clear below trigger",
    patch: { config: { risk: { auction_rebalancer_clear_pct_equity: 0.32 } } },
    path: "risk.auction_rebalancer_clear_pct_equity",
    other: "risk.auction_rebalancer_trigger_pct_equity"
  },
  {
    name: "rebalancer trigger at most the single-position warning",
    patch: { safety: { invariants: { max_single_position_pct_equity: 0.3 } } },
    path: "risk.auction_rebalancer_trigger_pct_equity",
    other: "safety.invariants.max_single_position_pct_equity"
  },
  {
    name: "boosted entry (0.03 × 7 × 2 = 0.42, the original's values) at most the rebalancer trigger",
    patch: { config: { risk: { utilisation_boost_max_factor: 2 } } },
    path: "risk.utilisation_boost_max_factor",
    other: "risk.auction_rebalancer_trigger_pct_equity"
  },
  {
    name: "auto-recovery margin below the margin halt",
    patch: { safety: { auto_recovery: { max_margin_utilization_pct: 0.92 } } },
    path: "safety.auto_recovery.max_margin_utilization_pct",
    other: "safety.invariants.max_margin_utilization_pct"
  },
  {
    name: "sizing leverage within the leverage cap",
    patch: { config: { risk: { target_leverage: 8, max_leverage: 7 } } },
    path: "risk.target_leverage",
    other: "risk.max_leverage"
  },
  {
    name: "tier leverage within the leverage cap",
    patch: { config: { risk: { max_leverage: 8 } } },
    path: "liquidity_filters.tier_configs.A.max_leverage",
    other: "risk.max_leverage"
  },
  {
    name: "non-auction position cap within the position-count halt",
    patch: { config: { risk: { auction_mode_enabled: false, max_concurrent_positions: 30 } } },
    path: "risk.max_concurrent_positions",
    other: "safety.invariants.max_positions"
  },
  {
    name: "self-heal before escalation",
    patch: { safety: { protection: { heal_after_checks: 6 } } },
    path: "safety.protection.heal_after_checks",
    other: "safety.protection.kill_after_checks"
  },
  {
    name: "TP1 before TP2",
    patch: { config: { multi_tp: { tp1_r: 3 } } },
    path: "multi_tp.tp1_r",
    other: "multi_tp.tp2_r"
  },
  {
    name: "tight stop buffer range",
    patch: { config: { strategy: { tight_smc_atr_stop_min: 0.4 } } },
    path: "strategy.tight_smc_atr_stop_min",
    other: "strategy.tight_smc_atr_stop_max"
  },
  {
    name: "progressive trail tightens at each level",
    patch: {
      config: {
        multi_tp: {
          progressive_trail_levels: [
            { r: 3, atr_multiplier: 1.8 },
            { r: 5, atr_multiplier: 2 }
          ]
        }
      }
    },
    path: "multi_tp.progressive_trail_levels.1.atr_multiplier",
    other: "multi_tp.progressive_trail_levels.0.atr_multiplier"
  },
  {
    name: "tier C liquidity floor at most tier B's",
    patch: { config: { universe: { tier_c_min_volume_24h_usd: 600000 } } },
    path: "universe.tier_c_min_volume_24h_usd",
    other: "universe.tier_b_min_volume_24h_usd"
  }
]

describe("threshold relations are rejected naming both keys", () => {
  for (const relation of cases) {
    it(relation.name, () => {
      const issues = issuesOf(relation.patch)
      const issue = issueAt(issues, relation.path)
      expect(issue.message).toContain(relation.other)
      expect(issue.value).toBeDefined()
    })
  }

  it("the boost relation only applies to leverage-based sizing in auction mode", () => {
    const config = testConfigSync({ config: { risk: { utilisation_boost_max_factor: 2, sizing_method: "fixed" } } })
    expect(config.risk.utilisation_boost_max_factor).toBe(2)
  })

  it("exit splits must add up to 1", () => {
    const issue = issueAt(issuesOf({ config: { multi_tp: { runner_pct: 0.3 } } }), "multi_tp")
    expect(issue.message).toBe("multi_tp.tp1_pct + multi_tp.tp2_pct + multi_tp.runner_pct must equal 1")
    const regime = issuesOf({
      config: { multi_tp: { regime_runner_overrides: { consolidation: { runner_pct: 0.2 } } } }
    })
    expect(issueAt(regime, "multi_tp.regime_runner_overrides.consolidation").value).toBe("1.1")
  })

  it("a relation is still reported when another key has a type error", () => {
    const issues = issuesOf({ config: { risk: { auction_max_margin_util: 0.95, taker_fee_bps: "five" } } })
    expect(issues.map((issue) => issue.path).sort()).toEqual(["risk.auction_max_margin_util", "risk.taker_fee_bps"])
  })
})

describe("feature requirements", () => {
  it("rejects live mode on the simulated venue without credentials, naming each key", () => {
    const issues = issuesOf({ config: { mode: "live" } })
    expect(issueAt(issues, "exchange.venue").message).toBe("must be kraken when mode is live")
    expect(issueAt(issues, "exchange.kraken.api_key").message).toContain("required when mode is live")
    expect(issueAt(issues, "exchange.kraken.api_secret").message).toContain("required when mode is live")
    expect(issues).toHaveLength(3)
  })

  it("rejects live mode on Kraken when only the key is set", () => {
    const issues = issuesOf({ config: { mode: "live", exchange: { venue: "kraken" } }, env: { KRAKEN_API_KEY: "k" } })
    expect(issues.map((issue) => issue.path)).toEqual(["exchange.kraken.api_secret"])
  })

  it("rejects Telegram alerts without a token and chat id", () => {
    const issues = issuesOf({ config: { monitoring: { telegram: { enabled: true } } } })
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      "monitoring.telegram.bot_token",
      "monitoring.telegram.chat_id"
    ])
  })
})
