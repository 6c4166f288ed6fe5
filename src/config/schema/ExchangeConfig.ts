import { Schema } from "effect"
import { FaultSpecText } from "../../exchange/sim/faults/FaultSpec.ts"
import { int, nonEmptyString, nullable, positive, positiveInt, secret, spotSymbol, url } from "./Fields.ts"

/** `exchange.kraken:` — endpoints and credentials of the real venue (credentials usually come from the environment). */
export const KrakenConfig = Schema.Struct({
  spot_rest_url: url(["https", "http"]),
  futures_rest_url: url(["https", "http"]),
  ws_public_url: url(["wss", "ws"]),
  ws_private_url: url(["wss", "ws"]),
  api_key: secret(nonEmptyString),
  api_secret: secret(nonEmptyString),
  futures_api_key: secret(nonEmptyString),
  futures_api_secret: secret(nonEmptyString),
  /**
   * Kraken's dead man's switch (`cancel_all_orders_after`), refreshed by `mode: live`; 0 = off. On expiry Kraken
   * cancels every order, stop-losses included: a dead process leaves its positions without stops.
   */
  dead_mans_switch_seconds: int(0, 3600).pipe(
    Schema.filter((s) => s === 0 || s >= 10, { message: () => "expected 0 (off) or at least 10 seconds" })
  ),
  /**
   * Derivatives REST v3 capabilities (decommissioned 2027-03-01): false = never call that endpoint. Each one found
   * gone (HTTP 410/404) is switched off for the run with one warning; the bot keeps running without it.
   */
  derivatives_rest: Schema.Struct({
    instrument_specs: Schema.Boolean,
    fill_history: Schema.Boolean,
    leverage_preferences: Schema.Boolean
  })
})

export interface KrakenConfig extends Schema.Schema.Type<typeof KrakenConfig> {}

/** `exchange.sim:` — the simulated venue: an embedded one (`url: null`) or a Kraken-wire simulator at `url`. */
export const SimConfig = Schema.Struct({
  url: nullable(url(["http", "https", "ws", "wss"])),
  /** Simulated seconds per real second. */
  speed: positive,
  seed: Schema.Int,
  /** Start of the simulated clock. */
  start: Schema.DateTimeUtc.annotations({
    message: () => "expected an ISO-8601 UTC instant such as 2025-01-01T00:00:00Z"
  }),
  /** `synthetic` or a directory of candle files. */
  data: nonEmptyString,
  symbols: Schema.Array(spotSymbol).pipe(Schema.minItems(1)),
  initial_equity_usd: positive,
  /** Seeded faults of the embedded venue, `kind=rate,...` as `trading sim-server --faults`; "" = none. */
  faults: FaultSpecText
})

export interface SimConfig extends Schema.Schema.Type<typeof SimConfig> {}

/** `exchange:` — venue choice, OHLCV fallback, the API circuit breaker (spec/trading-core.md §8.7). */
export const ExchangeConfig = Schema.Struct({
  venue: Schema.Literal("sim", "kraken"),
  use_futures_ohlcv_fallback: Schema.Boolean,
  circuit_breaker_failure_threshold: int(2, 20),
  circuit_breaker_rate_limit_threshold: int(1, 10),
  circuit_breaker_cooldown_seconds: int(10, 300),
  coin_breaker_failure_threshold: positiveInt,
  coin_breaker_retry_seconds: positive,
  coin_breaker_success_threshold: positiveInt,
  kraken: KrakenConfig,
  sim: SimConfig
})

export interface ExchangeConfig extends Schema.Schema.Type<typeof ExchangeConfig> {}
