import { Schema } from "effect"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

/** One margin tier: PF tiers are keyed by quote notional (`numNonContractUnits`), inverse ones by `contracts`. */
export const MarginLevel = Schema.Struct({
  contracts: Schema.optional(WireDecimal),
  numNonContractUnits: Schema.optional(WireDecimal),
  initialMargin: WireDecimal,
  maintenanceMargin: WireDecimal
})
export type MarginLevel = typeof MarginLevel.Type

/**
 * Contract spec from `GET /instruments`: what the Unified WebSocket lacks (contract size, margin schedule, hence
 * maximum leverage = 1 / first initialMargin). Size step = 10^-contractValueTradePrecision (may be negative).
 */
export const FuturesInstrument = Schema.Struct({
  symbol: Schema.String,
  type: Schema.String,
  tradeable: Schema.Boolean,
  pair: Schema.optional(Schema.String),
  base: Schema.optional(Schema.String),
  quote: Schema.optional(Schema.String),
  underlying: Schema.optional(Schema.String),
  tickSize: Schema.optional(WireDecimal),
  contractSize: Schema.optional(WireDecimal),
  contractValueTradePrecision: Schema.optional(Schema.Int),
  impactMidSize: Schema.optional(WireDecimal),
  maxPositionSize: Schema.optional(WireDecimal),
  openingDate: Schema.optional(Schema.String),
  lastTradingTime: Schema.optional(Schema.String),
  marginLevels: Schema.optional(Schema.Array(MarginLevel)),
  retailMarginLevels: Schema.optional(Schema.Array(MarginLevel)),
  fundingRateCoefficient: Schema.optional(WireDecimal),
  maxRelativeFundingRate: Schema.optional(WireDecimal),
  postOnly: Schema.optional(Schema.Boolean),
  feeScheduleUid: Schema.optional(Schema.String),
  category: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  isin: Schema.optional(Schema.String),
  tradfi: Schema.optional(Schema.Boolean),
  mtf: Schema.optional(Schema.Boolean)
})
export type FuturesInstrument = typeof FuturesInstrument.Type

export const InstrumentsSuccess = FuturesSuccess({ instruments: Schema.Array(FuturesInstrument) })
export type InstrumentsSuccess = typeof InstrumentsSuccess.Type
