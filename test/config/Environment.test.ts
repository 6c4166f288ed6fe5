// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about literal ${VAR} references
import { Either, Option, Redacted, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { resolvePath } from "../../src/config/SchemaPaths.ts"
import { testConfig, testConfigSync } from "../../src/config/TestConfig.ts"
import { issueAt, issuesOf } from "./helpers.ts"

describe("${VAR} substitution", () => {
  it("replaces a variable inside a string value", () => {
    const config = testConfigSync({
      config: { storage: { sqlite_path: "${DATA_DIR}/trading.db" } },
      env: { DATA_DIR: "/srv/data" }
    })
    expect(config.storage.sqlite_path).toBe("/srv/data/trading.db")
  })

  it("uses the default when the variable is unset or blank", () => {
    const patch = { config: { storage: { sqlite_path: "${DATA_DIR:-data}/trading.db" } } }
    expect(testConfigSync(patch).storage.sqlite_path).toBe("data/trading.db")
    expect(testConfigSync({ ...patch, env: { DATA_DIR: " " } }).storage.sqlite_path).toBe("data/trading.db")
    expect(testConfigSync({ ...patch, env: { DATA_DIR: "/x" } }).storage.sqlite_path).toBe("/x/trading.db")
  })

  it("rejects a missing variable without default, naming the key and the variable", () => {
    const issue = issueAt(issuesOf({ config: { dashboard: { host: "${DASH_HOST}" } } }), "dashboard.host")
    expect(issue.message).toContain("DASH_HOST")
    expect(issue.message).toContain("not set")
  })

  it("substitutes inside lists", () => {
    const config = testConfigSync({
      config: { universe: { blocklist: ["${BLOCKED}"] } },
      env: { BLOCKED: "LUNA/USD" }
    })
    expect(config.universe.blocklist).toEqual(["LUNA/USD"])
  })
})

describe("SECTION__KEY overrides", () => {
  it("sets numbers parsed as YAML scalars", () => {
    const config = testConfigSync({ env: { STRATEGY__ADX_THRESHOLD: "30", RISK__AUCTION_MAX_POSITIONS: "10" } })
    expect(config.strategy.adx_threshold).toBe(30)
    expect(config.risk.auction_max_positions).toBe(10)
  })

  it("reaches nested sections, safety.yaml and flow lists", () => {
    const config = testConfigSync({
      env: {
        EXCHANGE__SIM__SPEED: "120",
        SAFETY__INVARIANTS__MAX_POSITIONS: "30",
        EXCHANGE__SIM__SYMBOLS: "[BTC/USD, ETH/USD]",
        LOGGING__FORMAT: "json"
      }
    })
    expect(config.exchange.sim.speed).toBe(120)
    expect(config.safety.invariants.max_positions).toBe(30)
    expect(config.exchange.sim.symbols).toEqual(["BTC/USD", "ETH/USD"])
    expect(config.logging.format).toBe("json")
  })

  it("validates the overridden value like the file's, including relations", () => {
    const issues = issuesOf({ env: { STRATEGY__ADX_THRESHOLD: "abc", RISK__AUCTION_MAX_POSITIONS: "30" } })
    expect(issueAt(issues, "strategy.adx_threshold").value).toBe('"abc"')
    expect(issueAt(issues, "safety.invariants.max_positions").message).toContain("risk.auction_max_positions")
  })

  it("rejects an override that names no key, naming the variable", () => {
    const issues = issuesOf({ env: { STRATEGY__ADX_TRESHOLD: "30", RISK__AUCTION__MAX: "1" } })
    expect(issueAt(issues, "strategy.adx_treshold").message).toContain("STRATEGY__ADX_TRESHOLD")
    expect(issueAt(issues, "risk.auction.max").message).toContain("RISK__AUCTION__MAX")
  })

  it("rejects an override of a removed key, saying what became of it", () => {
    const issues = issuesOf({ env: { RUNTIME__INSTRUMENT_SPEC_CACHE_HOURS: "12" } })
    expect(issueAt(issues, "runtime.instrument_spec_cache_hours").message).toMatch(
      /^environment variable RUNTIME__INSTRUMENT_SPEC_CACHE_HOURS names runtime\.instrument_spec_cache_hours, removed: the contract terms cache does not expire .*; delete this key$/
    )
  })

  it("matches keys ignoring case, so upper-case keys (the tier names) can be set", () => {
    const config = testConfigSync({
      env: {
        LIQUIDITY_FILTERS__TIER_CONFIGS__A__MAX_LEVERAGE: "4",
        liquidity_filters__tier_configs__c__max_position_usd: "900"
      }
    })
    expect(config.liquidity_filters.tier_configs.A.max_leverage).toBe(4)
    expect(config.liquidity_filters.tier_configs.C.max_position_usd).toBe(900)
    // Set under the schema's spelling, not beside it as an unknown lower-case key
    expect(config.liquidity_filters.tier_configs.B.max_leverage).toBe(5)
  })

  it("resolves a segment to the key spelled exactly so, else the only one equal ignoring case", () => {
    const ast = Schema.Struct({ tier: Schema.Struct({ ab: Schema.Number, AB: Schema.Number, C: Schema.Number }) }).ast
    expect(resolvePath(ast, ["TIER", "AB"])).toEqual(Option.some(["tier", "AB"]))
    expect(resolvePath(ast, ["TIER", "ab"])).toEqual(Option.some(["tier", "ab"]))
    expect(resolvePath(ast, ["TIER", "c"])).toEqual(Option.some(["tier", "C"]))
    // Two keys differ only by case and neither is spelled so: which one is meant is unknown
    expect(Option.isNone(resolvePath(ast, ["TIER", "Ab"]))).toBe(true)
    expect(Option.isNone(resolvePath(ast, ["TIER", "D"]))).toBe(true)
  })

  it("ignores variables of other programs", () => {
    expect(Either.isRight(testConfig({ env: { NPM_CONFIG__CACHE: "x", __CF_USER_TEXT_ENCODING: "y" } }))).toBe(true)
  })
})

describe("deployment variables and secrets", () => {
  const env = {
    DATABASE_URL: "postgresql://trader:pg-pass-123@db:5432/trading",
    KRAKEN_API_KEY: "kraken-key-abc",
    KRAKEN_API_SECRET: "kraken-secret-def",
    KRAKEN_FUTURES_API_KEY: "futures-key-ghi",
    KRAKEN_FUTURES_API_SECRET: "futures-secret-jkl",
    TELEGRAM_BOT_TOKEN: "123:telegram-token",
    TELEGRAM_CHAT_ID: "-100987",
    DISCORD_WEBHOOK_URL: "https://discord.com/api/webhooks/1/discord-token"
  }
  const secrets = Object.entries(env)
    .filter(([name]) => name !== "TELEGRAM_CHAT_ID")
    .map(([, value]) => value)

  it("decodes credentials as Redacted values", () => {
    const config = testConfigSync({ env })
    const reveal = (value: Option.Option<Redacted.Redacted<string>>) => Option.map(value, Redacted.value)
    expect(reveal(config.storage.database_url)).toEqual(Option.some(env.DATABASE_URL))
    expect(reveal(config.exchange.kraken.api_key)).toEqual(Option.some(env.KRAKEN_API_KEY))
    expect(reveal(config.exchange.kraken.api_secret)).toEqual(Option.some(env.KRAKEN_API_SECRET))
    expect(reveal(config.exchange.kraken.futures_api_key)).toEqual(Option.some(env.KRAKEN_FUTURES_API_KEY))
    expect(reveal(config.exchange.kraken.futures_api_secret)).toEqual(Option.some(env.KRAKEN_FUTURES_API_SECRET))
    expect(reveal(config.monitoring.telegram.bot_token)).toEqual(Option.some(env.TELEGRAM_BOT_TOKEN))
    expect(reveal(config.monitoring.discord.webhook_url)).toEqual(Option.some(env.DISCORD_WEBHOOK_URL))
    expect(config.monitoring.telegram.chat_id).toBe("-100987")
  })

  it("never shows a secret when the config is printed", () => {
    const config = testConfigSync({ env })
    const printed = [String(config.exchange.kraken), JSON.stringify(config), String(config.storage.database_url)]
    for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret)
    expect(JSON.stringify(config.exchange.kraken.api_key)).toContain("<redacted>")
  })

  it("never echoes a secret in an error about it", () => {
    const bad = {
      DATABASE_URL: "mysql://root:mysql-pass-456@db/trading",
      EXCHANGE__KRAKEN__API_SECRET: "[not-a-string-secret]",
      TELEGRAM_BOT_TOKEN: "tok-789"
    }
    const result = testConfig({
      env: bad,
      config: { monitoring: { discord: { webhook_url: "http://x/discord-secret" } } }
    })
    if (Either.isRight(result)) throw new Error("expected a rejection")
    const text = `${result.left.message}\n${JSON.stringify(result.left)}`
    for (const secret of ["mysql-pass-456", "not-a-string-secret", "discord-secret"]) expect(text).not.toContain(secret)
    const issue = issueAt(result.left.issues, "storage.database_url")
    expect(issue.value).toBe("<redacted>")
    expect(issue.message).toContain("a URL starting with postgres:// or postgresql://")
    expect(issueAt(result.left.issues, "exchange.kraken.api_secret").value).toBe("<redacted>")
  })

  it("accepts live mode on Kraken with credentials from the environment", () => {
    const config = testConfigSync({ config: { mode: "live", exchange: { venue: "kraken" } }, env })
    expect(config.mode).toBe("live")
  })
})
