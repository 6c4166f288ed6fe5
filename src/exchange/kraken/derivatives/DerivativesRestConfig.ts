import { Option } from "effect"
import type { KrakenConfig } from "../../../config/schema/ExchangeConfig.ts"
import type { DerivativesCapabilities } from "./DerivativesCapability.ts"
import type { DerivativesRestClientOptions } from "./DerivativesRestClient.ts"

/**
 * `exchange.kraken.derivatives_rest` as client capabilities; charts are off here: the market data's own client
 * reads them, on `use_futures_ohlcv_fallback`.
 */
export const derivativesCapabilitiesOf = (switches: KrakenConfig["derivatives_rest"]): DerivativesCapabilities => ({
  instrumentSpecs: switches.instrument_specs,
  charts: false,
  fillHistory: switches.fill_history,
  leveragePreferences: switches.leverage_preferences
})

/**
 * A Derivatives REST client for `baseUrl` as `exchange.kraken` configures it: its capability switches, and the
 * futures key pair when both halves are set (else the private capabilities stay unavailable and send nothing).
 */
export const derivativesRestOptionsOf = (kraken: KrakenConfig, baseUrl: string): DerivativesRestClientOptions => ({
  baseUrl,
  capabilities: derivativesCapabilitiesOf(kraken.derivatives_rest),
  credentials: Option.all({ apiKey: kraken.futures_api_key, apiSecret: kraken.futures_api_secret })
})
