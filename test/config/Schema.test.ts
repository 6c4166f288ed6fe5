import { DateTime, Option } from "effect"
import { describe, expect, it } from "vitest"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { issueAt, issuesOf } from "./helpers.ts"

describe("shipped configuration", () => {
  it("decodes with safe defaults: paper mode on the simulated venue, no credentials", () => {
    const config = testConfigSync()
    expect(config.mode).toBe("paper")
    expect(config.exchange.venue).toBe("sim")
    expect(Option.isNone(config.exchange.kraken.api_key)).toBe(true)
    expect(Option.isNone(config.storage.database_url)).toBe(true)
    expect(config.exchange.sim.symbols).toHaveLength(45)
    expect(config.exchange.sim.symbols.slice(0, 3)).toEqual(["BTC/USD", "ETH/USD", "SOL/USD"])
    expect(DateTime.formatIso(config.exchange.sim.start)).toBe("2025-01-01T00:00:00.000Z")
    expect(config.strategy.structure_model).toBe("original")
    expect(config.strategy.swing_length).toBe(50)
    expect(config.safety.invariants.max_margin_utilization_pct).toBe(0.92)
    expect(config.risk.auction_max_margin_util).toBe(0.9)
  })

  it("decodes a numeric Telegram chat id to a string", () => {
    const config = testConfigSync({ config: { monitoring: { telegram: { chat_id: -1001234 } } } })
    expect(config.monitoring.telegram.chat_id).toBe("-1001234")
  })
})

describe("schema errors name the key path", () => {
  it("rejects a wrong type with the value and the expected type", () => {
    const issue = issueAt(issuesOf({ config: { strategy: { adx_threshold: "high" } } }), "strategy.adx_threshold")
    expect(issue.value).toBe('"high"')
    expect(issue.message).toBe("expected number")
  })

  it("rejects a section given as a scalar", () => {
    const issue = issueAt(issuesOf({ config: { logging: 5 } }), "logging")
    expect(issue.message).toBe("expected a mapping of keys")
  })

  it("rejects an unknown top-level key", () => {
    const issue = issueAt(issuesOf({ config: { tradng: { x: 1 } } }), "tradng")
    expect(issue.message).toBe("unknown key")
  })

  it("rejects an unknown nested key (a typo)", () => {
    const issues = issuesOf({ config: { risk: { auction_max_postions: 10 } } })
    expect(issueAt(issues, "risk.auction_max_postions").message).toBe("unknown key")
  })

  it("rejects an unknown key in safety.yaml under its safety path", () => {
    const issues = issuesOf({ safety: { invariants: { max_positons: 30 } } })
    expect(issueAt(issues, "safety.invariants.max_positons").message).toBe("unknown key")
  })

  it("rejects a removed key and says what became of it", () => {
    const issues = issuesOf({ config: { runtime: { instrument_spec_cache_hours: 12 } } })
    const issue = issueAt(issues, "runtime.instrument_spec_cache_hours")
    expect(issue.message).toMatch(/^removed: the contract terms cache does not expire .*; delete this key$/)
    expect(issue.value).toBe("12")
  })

  it("rejects a missing required value", () => {
    const issues = issuesOf({ config: { risk: { auction_max_margin_util: undefined } } })
    expect(issueAt(issues, "risk.auction_max_margin_util").message).toBe("missing required value")
  })

  it("rejects an out-of-range value and says the expected range", () => {
    const issue = issueAt(issuesOf({ config: { strategy: { adx_threshold: 50 } } }), "strategy.adx_threshold")
    expect(issue.message).toBe("expected a number between 10 and 40")
    expect(issue.value).toBe("50")
  })

  it("rejects a value outside a literal set, listing the choices", () => {
    const issue = issueAt(issuesOf({ config: { exchange: { venue: "binance" } } }), "exchange.venue")
    expect(issue.message).toBe('expected "sim" or "kraken"')
  })

  it("rejects a margin halt at 100 % (must stay below 1)", () => {
    const issues = issuesOf({ safety: { invariants: { max_margin_utilization_pct: 1 } } })
    expect(issueAt(issues, "safety.invariants.max_margin_utilization_pct").message).toBe(
      "expected a number less than 1"
    )
  })

  it("rejects a malformed symbol in a list with its index", () => {
    const issue = issueAt(
      issuesOf({ config: { exchange: { sim: { symbols: ["BTC/USD", "eth-usd"] } } } }),
      "exchange.sim.symbols.1"
    )
    expect(issue.message).toContain("a spot symbol like BTC/USD")
  })

  it("rejects a bad simulated clock start and an empty symbol list", () => {
    const issues = issuesOf({ config: { exchange: { sim: { start: "yesterday", symbols: [] } } } })
    expect(issueAt(issues, "exchange.sim.start").message).toContain("ISO-8601 UTC instant")
    expect(issueAt(issues, "exchange.sim.symbols").message).toBe("expected an array of at least 1 item(s)")
  })

  it("collects every problem, not only the first", () => {
    const issues = issuesOf({
      config: { strategy: { adx_threshold: "x", ema_period: 10 }, risk: { auction_max_positions: 40 } }
    })
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      "safety.invariants.max_positions",
      "strategy.adx_threshold",
      "strategy.ema_period"
    ])
  })
})
