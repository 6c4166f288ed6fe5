import { Decimal } from "../../domain/Money.ts"
import type { EngineConfig } from "./EngineState.ts"
import { cachedByIdentity } from "./IdentityCache.ts"
import { ordersOfSymbol } from "./OrderIndex.ts"
import { unrealizedPnl } from "./PositionMath.ts"
import type { Position, PricePoint } from "./SimEvent.ts"
import type { SimInstrument } from "./SimInstrument.ts"
import { remaining, type SimOrder, signOf } from "./SimOrder.ts"

const ZERO = new Decimal(0)
const ONE = new Decimal(1)

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
  if (currency === view.config.settlementCurrency) return ONE
  const symbol = symbolOfBase(view.instruments).get(currency)
  return (symbol === undefined ? undefined : view.prices[symbol]?.index) ?? ZERO
}

// Instruments never change after the engine is created: the first instrument of each base, looked up once
const symbolOfBase = cachedByIdentity((instruments: AccountView["instruments"]): ReadonlyMap<string, string> => {
  const first = new Map<string, string>()
  for (const instrument of Object.values(instruments)) {
    if (!first.has(instrument.base)) first.set(instrument.base, instrument.symbol)
  }
  return first
})

export interface SymbolMargin {
  readonly symbol: string
  readonly mark: Decimal
  readonly initialMargin: Decimal
  /** Margin for the worst case of the position plus every open non-reduce-only order on one side filling. */
  readonly initialMarginWithOrders: Decimal
  readonly maintenanceMargin: Decimal
  readonly unrealizedPnl: Decimal
}

/**
 * Margin figures are asked for on every order submitted or amended (twice: before and after) and by every account
 * query, and recomputing them means Decimal work over every open order. Both parts are cached by identity of
 * their immutable inputs, so only what changed is recomputed: a symbol's order totals per group of its orders
 * (see OrderIndex.ts: a group keeps its identity until one of its orders changes), and a symbol's figures per
 * price point, reused while the totals, position, leverage and instrument are the same objects.
 */

/** Open quantities of a symbol's non-reduce-only orders per side, summed in acceptance order. */
interface OrderTotals {
  readonly buys: Decimal
  readonly sells: Decimal
}

const totalsOf = cachedByIdentity((group: ReadonlyArray<SimOrder>): OrderTotals => {
  let buys = ZERO
  let sells = ZERO
  for (const order of group) {
    if (order.reduceOnly) continue
    if (signOf(order.side) > 0) buys = buys.plus(remaining(order))
    else sells = sells.plus(remaining(order))
  }
  return { buys, sells }
})

interface CachedMargin {
  readonly totals: OrderTotals
  readonly position: Position | undefined
  readonly leverage: Decimal | undefined
  readonly instrument: SimInstrument | undefined
  readonly margin: SymbolMargin
}

const marginsByPrice = new WeakMap<PricePoint, CachedMargin>()

export const symbolMargin = (view: AccountView, symbol: string): SymbolMargin => {
  const totals = totalsOf(ordersOfSymbol(view.openOrders, symbol))
  const point = view.prices[symbol]
  const position = view.positions[symbol]
  const leverage = view.leverage[symbol]
  const instrument = view.instruments[symbol]
  if (point === undefined) return computeMargin(symbol, totals, ZERO, position, leverage, instrument)
  const cached = marginsByPrice.get(point)
  if (
    cached?.margin.symbol === symbol &&
    cached.totals === totals &&
    cached.position === position &&
    cached.leverage === leverage &&
    cached.instrument === instrument
  ) {
    return cached.margin
  }
  const margin = computeMargin(symbol, totals, point.mark, position, leverage, instrument)
  marginsByPrice.set(point, { totals, position, leverage, instrument, margin })
  return margin
}

const computeMargin = (
  symbol: string,
  { buys, sells }: OrderTotals,
  mark: Decimal,
  position: Position | undefined,
  preference: Decimal | undefined,
  instrument: SimInstrument | undefined
): SymbolMargin => {
  const held = position?.size ?? ZERO
  const worst = Decimal.max(held.plus(buys).abs(), held.minus(sells).abs())
  const leverage = preference ?? instrument?.maxLeverage
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

/** The symbols of the open orders in order of their first order (the order the margin sums are taken in). */
const orderSymbols = cachedByIdentity(
  (orders: ReadonlyArray<SimOrder>): ReadonlyArray<string> => [...new Set(orders.map((order) => order.symbol))]
)

/** Every symbol with a position or an order: positions first, then the symbols of the orders. */
const activeSymbols = (view: AccountView): ReadonlyArray<string> => [
  ...new Set([...Object.keys(view.positions), ...orderSymbols(view.openOrders)])
]

type SummedFigure = "unrealizedPnl" | "initialMargin" | "initialMarginWithOrders" | "maintenanceMargin"

/** One figure summed over every active symbol, always in the same order (so always to the same last digit). */
const sumOf = (view: AccountView, symbols: ReadonlyArray<string>, figure: SummedFigure): Decimal =>
  symbols.reduce((sum, symbol) => sum.plus(symbolMargin(view, symbol)[figure]), ZERO)

const collateral = (view: AccountView) => {
  const currencies: Record<string, CurrencyBalance> = {}
  let balanceValue = ZERO
  for (const [currency, quantity] of Object.entries(view.balances)) {
    const value = quantity.mul(currencyPrice(view, currency))
    currencies[currency] = { quantity, value }
    balanceValue = balanceValue.plus(value)
  }
  return { currencies, balanceValue }
}

/** `marginSummary(view).initialMarginWithOrders` alone (order checks need only these two figures). */
export const initialMarginWithOrders = (view: AccountView): Decimal =>
  sumOf(view, activeSymbols(view), "initialMarginWithOrders")

/** `marginSummary(view).marginEquity` alone. */
export const marginEquity = (view: AccountView): Decimal =>
  collateral(view).balanceValue.plus(sumOf(view, activeSymbols(view), "unrealizedPnl"))

export const marginSummary = (view: AccountView): MarginSummary => {
  const { currencies, balanceValue } = collateral(view)
  const symbols = activeSymbols(view)
  const pnl = sumOf(view, symbols, "unrealizedPnl")
  const initialMarginWithOrders = sumOf(view, symbols, "initialMarginWithOrders")
  const marginEquity = balanceValue.plus(pnl)
  return {
    currencies,
    balanceValue,
    collateralValue: balanceValue,
    unrealizedPnl: pnl,
    unrealizedFunding: ZERO,
    portfolioValue: marginEquity,
    marginEquity,
    initialMargin: sumOf(view, symbols, "initialMargin"),
    initialMarginWithOrders,
    maintenanceMargin: sumOf(view, symbols, "maintenanceMargin"),
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
