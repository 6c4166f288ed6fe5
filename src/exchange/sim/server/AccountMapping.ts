import { Decimal } from "../../../domain/Money.ts"
import type { BalanceRecord } from "../../kraken/wire/channels/Balances.ts"
import type { MarginState } from "../../kraken/wire/channels/Margin.ts"
import type { Position as WirePosition } from "../../kraken/wire/channels/Positions.ts"
import type { EngineState } from "../EngineState.ts"
import { marginSummary } from "../Margin.ts"
import { unrealizedPnl } from "../PositionMath.ts"
import type { Position } from "../SimEvent.ts"

/** A position as the `positions` channel carries it (size 0 = closed). */
export const wirePosition = (state: EngineState, position: Position): WirePosition => {
  const price = state.prices[position.symbol]
  return {
    symbol: position.symbol,
    size: position.size,
    entry_price: position.entryPrice,
    ...(price && {
      mark_price: price.mark,
      index_price: price.index,
      pnl: unrealizedPnl(position, price.mark)
    })
  }
}

export const wirePositions = (state: EngineState): ReadonlyArray<WirePosition> =>
  Object.values(state.positions).map((position) => wirePosition(state, position))

/** The flex account as the `margin` channel's one wallet record. */
export const wireMargin = (state: EngineState): MarginState => {
  const summary = marginSummary(state)
  return {
    currency: state.config.settlementCurrency,
    initial_margin: summary.initialMarginWithOrders,
    maintenance_margin: summary.maintenanceMargin,
    portfolio_value: summary.portfolioValue,
    balance_value: summary.balanceValue,
    collateral_value: summary.collateralValue,
    margin_equity: summary.marginEquity,
    available_margin: summary.availableMargin,
    pnl: summary.unrealizedPnl,
    unrealized_funding: summary.unrealizedFunding,
    total_unrealized: summary.unrealizedPnl.plus(summary.unrealizedFunding),
    currencies: Object.fromEntries(
      Object.entries(summary.currencies).map(([currency, balance]) => [
        currency,
        { quantity: balance.quantity, value: balance.value, collateral_value: balance.value, haircut: new Decimal(0) }
      ])
    )
  }
}

export const wireBalances = (state: EngineState): ReadonlyArray<BalanceRecord> =>
  Object.entries(state.balances).map(([asset, balance]) => ({
    asset,
    balance,
    wallets: [{ type: "flex", id: "main", balance }]
  }))
