import { Decimal } from "../../domain/Money.ts"
import type { EngineConfig } from "./EngineState.ts"
import { unrealizedPnl } from "./PositionMath.ts"
import type { Position, PricePoint } from "./SimEvent.ts"
import type { SimInstrument } from "./SimInstrument.ts"
import { remaining, type SimOrder, signOf } from "./SimOrder.ts"

const ZERO = new Decimal(0)

/** The parts of the state the margin figures read; both `EngineState` and a step's draft have them. */
export interface AccountView {
  readonly config: EngineConfig
  readonly instruments: Readonly<Record<string, SimInstrument>>
  readonly prices: Readonly<Record<string, PricePoint>>
  readonly balances: Readonly<Record<string, Decimal>>
  readonly positions: Readonly<Record<string, Position>>
  readonly leverage: Readonly<Record<string, Decimal>>
  readonly openOrders: ReadonlyArray<SimOrder>
}

export interface CurrencyBalance {
  readonly quantity: Decimal
  /** USD value; collateral value equals it (no haircuts in the simulator). */
  readonly value: Decimal
}

/** The flex (multi-collateral) account figures of REST `/accounts` and the UWS `margin` channel, in USD. */
export interface MarginSummary {
  readonly currencies: Readonly<Record<string, CurrencyBalance>>
  readonly balanceValue: Decimal
  readonly collateralValue: Decimal
  readonly unrealizedPnl: Decimal
  /** Funding is booked at each interval boundary, so nothing is ever unrealised. */
  readonly unrealizedFunding: Decimal
  readonly portfolioValue: Decimal
  readonly marginEquity: Decimal
  readonly initialMargin: Decimal
  readonly initialMarginWithOrders: Decimal
  readonly maintenanceMargin: Decimal
  readonly availableMargin: Decimal
}

/**
 * USD price of a collateral currency: 1 for the settlement currency, else the index of the instrument whose base
 * it is (XBT → PF_XBTUSD); zero (worthless as collateral) when no such price is known.
 */
export const currencyPrice = (view: AccountView, currency: string): Decimal => {
  if (currency === view.config.settlementCurrency) return new Decimal(1)
  const instrument = Object.values(view.instruments).find((candidate) => candidate.base === currency)
  return (instrument && view.prices[instrument.symbol]?.index) ?? ZERO
}

export interface SymbolMargin {
  readonly symbol: string
  readonly mark: Decimal
  readonly initialMargin: Decimal
  /** Margin for the worst case of the position plus every open non-reduce-only order on one side filling. */
  readonly initialMarginWithOrders: Decimal
  readonly maintenanceMargin: Decimal
  readonly unrealizedPnl: Decimal
}

export const symbolMargin = (view: AccountView, symbol: string): SymbolMargin => {
  const instrument = view.instruments[symbol]
  const mark = view.prices[symbol]?.mark ?? ZERO
  const position = view.positions[symbol]
  const held = position?.size ?? ZERO
  let buys = ZERO
  let sells = ZERO
  for (const order of view.openOrders) {
    if (order.symbol !== symbol || order.reduceOnly) continue
    if (signOf(order.side) > 0) buys = buys.plus(remaining(order))
    else sells = sells.plus(remaining(order))
  }
  const worst = Decimal.max(held.plus(buys).abs(), held.minus(sells).abs())
  const leverage = view.leverage[symbol] ?? instrument?.maxLeverage
  const imRate = leverage ? new Decimal(1).div(leverage) : ZERO
  const mmRate = instrument?.maintenanceMarginRate ?? ZERO
  return {
    symbol,
    mark,
    initialMargin: held.abs().mul(mark).mul(imRate),
    initialMarginWithOrders: worst.mul(mark).mul(imRate),
    maintenanceMargin: held.abs().mul(mark).mul(mmRate),
    unrealizedPnl: position ? unrealizedPnl(position, mark) : ZERO
  }
}

const activeSymbols = (view: AccountView): ReadonlyArray<string> => [
  ...new Set([...Object.keys(view.positions), ...view.openOrders.map((order) => order.symbol)])
]

export const marginSummary = (view: AccountView): MarginSummary => {
  const currencies: Record<string, CurrencyBalance> = {}
  let balanceValue = ZERO
  for (const [currency, quantity] of Object.entries(view.balances)) {
    const value = quantity.mul(currencyPrice(view, currency))
    currencies[currency] = { quantity, value }
    balanceValue = balanceValue.plus(value)
  }
  let pnl = ZERO
  let initialMargin = ZERO
  let initialMarginWithOrders = ZERO
  let maintenanceMargin = ZERO
  for (const symbol of activeSymbols(view)) {
    const margin = symbolMargin(view, symbol)
    pnl = pnl.plus(margin.unrealizedPnl)
    initialMargin = initialMargin.plus(margin.initialMargin)
    initialMarginWithOrders = initialMarginWithOrders.plus(margin.initialMarginWithOrders)
    maintenanceMargin = maintenanceMargin.plus(margin.maintenanceMargin)
  }
  const marginEquity = balanceValue.plus(pnl)
  return {
    currencies,
    balanceValue,
    collateralValue: balanceValue,
    unrealizedPnl: pnl,
    unrealizedFunding: ZERO,
    portfolioValue: marginEquity,
    marginEquity,
    initialMargin,
    initialMarginWithOrders,
    maintenanceMargin,
    availableMargin: marginEquity.minus(initialMarginWithOrders)
  }
}

export interface PositionRisk extends SymbolMargin {
  readonly size: Decimal
  readonly entryPrice: Decimal
  readonly effectiveLeverage: Decimal
  /**
   * The mark at which the account would reach maintenance if only this symbol's price moved (cross margin);
   * null when no positive price does.
   */
  readonly liquidationPrice: Decimal | null
}

export const positionRisk = (view: AccountView, symbol: string): PositionRisk | null => {
  const position = view.positions[symbol]
  const instrument = view.instruments[symbol]
  if (!position || !instrument) return null
  const margin = symbolMargin(view, symbol)
  const summary = marginSummary(view)
  const s = position.size
  const r = instrument.maintenanceMarginRate
  const notional = s.abs().mul(margin.mark)
  // portfolio(p) = PV + s·(p − m) and maintenance(p) = MM − |s|·m·r + |s|·p·r; solve portfolio = maintenance
  const denominator = s.minus(s.abs().mul(r))
  const numerator = summary.maintenanceMargin
    .minus(notional.mul(r))
    .minus(summary.portfolioValue)
    .plus(s.mul(margin.mark))
  const liquidationPrice = denominator.isZero() ? null : numerator.div(denominator)
  return {
    ...margin,
    size: s,
    entryPrice: position.entryPrice,
    effectiveLeverage: summary.portfolioValue.gt(0) ? notional.div(summary.portfolioValue) : ZERO,
    liquidationPrice: liquidationPrice?.gt(0) ? liquidationPrice : null
  }
}
