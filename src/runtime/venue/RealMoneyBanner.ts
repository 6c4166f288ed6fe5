import { createHash } from "node:crypto"
import { Redacted } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"

/** The key's identity without the key: the first 8 hex digits of its SHA-256, enough to tell two accounts apart. */
export const keyFingerprint = (apiKey: Redacted.Redacted<string>): string =>
  createHash("sha256").update(Redacted.value(apiKey)).digest("hex").slice(0, 8)

/**
 * The start-up warning of `mode: live` on `exchange.venue: kraken`, logged at warn before the venue is reached:
 * which venue and which account will receive real orders. Names the account by its key's fingerprint only.
 */
export const realMoneyBanner = (config: AppConfigShape, apiKey: Redacted.Redacted<string>): string => {
  const kraken = config.exchange.kraken
  const rule = "=".repeat(78)
  return [
    rule,
    "LIVE TRADING: REAL ORDERS ON KRAKEN FUTURES, REAL MONEY AT RISK",
    `  venue:    kraken (Unified WebSocket ${kraken.ws_private_url}, Spot REST ${kraken.spot_rest_url})`,
    `  account:  the Kraken account of API key sha256:${keyFingerprint(apiKey)} (exchange.kraken.api_key)`,
    `  trading:  the markets discovery finds (universe.*), risk ${(config.risk.risk_per_trade_pct * 100).toFixed(2)}% of equity per trade, ` +
      `leveraged perpetuals: losses can exceed a position's margin`,
    "  stop:     SIGTERM / Ctrl-C ends the loop (positions stay open with their stops); `trading kill` halts entries (--flatten closes)",
    rule
  ].join("\n")
}
