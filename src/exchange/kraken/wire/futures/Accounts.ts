import { Schema } from "effect"
import { WireDecimal } from "../WireDecimal.ts"
import { FuturesSuccess } from "./FuturesResponse.ts"

const Balances = Schema.Record({ key: Schema.String, value: WireDecimal })

export const CashAccount = Schema.Struct({ type: Schema.Literal("cashAccount"), balances: Balances })

/** A single-collateral account (`fi_xbtusd`, ...). */
export const MarginAccount = Schema.Struct({
  type: Schema.Literal("marginAccount"),
  currency: Schema.String,
  balances: Balances,
  auxiliary: Schema.optional(Schema.Record({ key: Schema.String, value: WireDecimal })),
  marginRequirements: Schema.optional(Schema.Record({ key: Schema.String, value: WireDecimal })),
  triggerEstimates: Schema.optional(Schema.Record({ key: Schema.String, value: WireDecimal }))
})

export const FlexCurrency = Schema.Struct({
  quantity: WireDecimal,
  value: WireDecimal,
  collateral: WireDecimal,
  available: WireDecimal
})

/**
 * The multi-collateral wallet PF_ contracts trade on. All values in USD except each currency's `available`;
 * availableMargin = marginEquity − initialMarginWithOrders.
 */
export const FlexAccount = Schema.Struct({
  type: Schema.Literal("multiCollateralMarginAccount"),
  currencies: Schema.Record({ key: Schema.String, value: FlexCurrency }),
  balanceValue: WireDecimal,
  portfolioValue: WireDecimal,
  collateralValue: WireDecimal,
  initialMargin: WireDecimal,
  initialMarginWithOrders: WireDecimal,
  maintenanceMargin: WireDecimal,
  pnl: WireDecimal,
  unrealizedFunding: WireDecimal,
  totalUnrealized: WireDecimal,
  totalUnrealizedAsMargin: WireDecimal,
  marginEquity: WireDecimal,
  availableMargin: WireDecimal,
  portfolioMarginBreakdown: Schema.optional(Schema.Unknown)
})
export type FlexAccount = typeof FlexAccount.Type

/** `GET /accounts`: `cash`, `flex` and one entry per single-collateral account, told apart by `type`. */
export const AccountsSuccess = FuturesSuccess({
  accounts: Schema.Record({ key: Schema.String, value: Schema.Union(CashAccount, MarginAccount, FlexAccount) })
})
export type AccountsSuccess = typeof AccountsSuccess.Type
