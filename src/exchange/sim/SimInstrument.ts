import { Decimal } from "../../domain/Money.ts"

/**
 * A perpetual contract as the simulated venue trades it (Kraken PF_ linear, contract size 1: size in base units,
 * P&L and margin in USD). Initial margin rate is 1 / maxLeverage (cross margin at the symbol's maximum leverage).
 */
export interface SimInstrument {
  readonly symbol: string
  /** Base currency as Kraken spells it ("XBT"): a collateral balance in it is valued at this symbol's index. */
  readonly base: string
  readonly quote: string
  readonly tickSize: Decimal
  /** Size increment (Kraken `contractValueTradePrecision` n gives 10^-n). */
  readonly contractStep: Decimal
  readonly minSize: Decimal
  readonly maxLeverage: Decimal
  readonly maintenanceMarginRate: Decimal
  readonly makerFeeRate: Decimal
  readonly takerFeeRate: Decimal
}

export type DecimalInput = string | number | Decimal

export interface SimInstrumentInput {
  readonly symbol: string
  readonly base: string
  readonly quote?: string
  readonly tickSize: DecimalInput
  readonly contractStep: DecimalInput
  readonly minSize?: DecimalInput
  readonly maxLeverage: DecimalInput
  readonly maintenanceMarginRate: DecimalInput
  readonly makerFeeRate: DecimalInput
  readonly takerFeeRate: DecimalInput
}

export const makeInstrument = (input: SimInstrumentInput): SimInstrument => ({
  symbol: input.symbol,
  base: input.base,
  quote: input.quote ?? "USD",
  tickSize: new Decimal(input.tickSize),
  contractStep: new Decimal(input.contractStep),
  minSize: new Decimal(input.minSize ?? input.contractStep),
  maxLeverage: new Decimal(input.maxLeverage),
  maintenanceMarginRate: new Decimal(input.maintenanceMarginRate),
  makerFeeRate: new Decimal(input.makerFeeRate),
  takerFeeRate: new Decimal(input.takerFeeRate)
})

/**
 * Plausible defaults shaped like Kraken's PF_ listings (standard fee tier 0.02 % maker / 0.05 % taker, first
 * margin tier 2 % initial / 1 % maintenance). They are not Kraken's live values: tests and configs that care pass
 * their own.
 */
export const defaultInstruments: ReadonlyArray<SimInstrument> = [
  makeInstrument({
    symbol: "PF_XBTUSD",
    base: "XBT",
    tickSize: "0.5",
    contractStep: "0.0001",
    maxLeverage: 50,
    maintenanceMarginRate: "0.01",
    makerFeeRate: "0.0002",
    takerFeeRate: "0.0005"
  }),
  makeInstrument({
    symbol: "PF_ETHUSD",
    base: "ETH",
    tickSize: "0.1",
    contractStep: "0.001",
    maxLeverage: 50,
    maintenanceMarginRate: "0.01",
    makerFeeRate: "0.0002",
    takerFeeRate: "0.0005"
  }),
  makeInstrument({
    symbol: "PF_SOLUSD",
    base: "SOL",
    tickSize: "0.01",
    contractStep: "0.01",
    maxLeverage: 20,
    maintenanceMarginRate: "0.02",
    makerFeeRate: "0.0002",
    takerFeeRate: "0.0005"
  })
]

export const isOnGrid = (value: Decimal, step: Decimal): boolean => value.mod(step).isZero()

/** Rounds down to the step (entries: never more contracts than asked). */
export const floorToStep = (value: Decimal, step: Decimal): Decimal =>
  value.div(step).toDecimalPlaces(0, Decimal.ROUND_FLOOR).mul(step)

export const ceilToStep = (value: Decimal, step: Decimal): Decimal =>
  value.div(step).toDecimalPlaces(0, Decimal.ROUND_CEIL).mul(step)
