import { Schema } from "effect"
import type { Decimal } from "../domain/Money.ts"
import { Order } from "../domain/Order.ts"
import { Position } from "../domain/Position.ts"
import { Trade } from "../domain/Trade.ts"
import type { Health } from "../monitoring/Health.ts"
import type { OperatorPnl, OperatorStatus } from "../monitoring/OperatorPort.ts"

// The JSON the dashboard's API answers: amounts as exact decimal strings, times as epoch milliseconds.

const encodePositions = Schema.encodeSync(Schema.Array(Position))
const encodeOrders = Schema.encodeSync(Schema.Array(Order))
const encodeTrades = Schema.encodeSync(Schema.Array(Trade))

export const positionsView = (positions: ReadonlyArray<Position>) => ({ positions: encodePositions(positions) })
export const ordersView = (orders: ReadonlyArray<Order>) => ({ orders: encodeOrders(orders) })
export const tradesView = (trades: ReadonlyArray<Trade>) => ({ trades: encodeTrades(trades) })

/** The status with its health, and the server's clock so the page shows ages the way the server sees them. */
export const statusView = (status: OperatorStatus, health: Health, now: number) => ({
  serverTime: now,
  mode: status.mode,
  safetyLevel: status.safetyLevel,
  killSwitch: status.killSwitch,
  equity: status.equity.toString(),
  availableMargin: status.availableMargin.toString(),
  marginUsage: status.marginUsage,
  openPositions: status.openPositions,
  openOrders: status.openOrders,
  lastTickAt: status.lastTickAt ?? null,
  startedAt: status.startedAt,
  health
})

export const pnlView = (pnl: OperatorPnl) => ({
  equity: pnl.equity.toString(),
  realizedToday: pnl.realizedToday.toString(),
  unrealized: pnl.unrealized.toString(),
  realizedTotal: pnl.realizedTotal.toString(),
  tradesToday: pnl.tradesToday,
  winsToday: pnl.winsToday
})

export interface EquityPoint {
  readonly timestamp: number
  readonly equity: Decimal
}

export const equityView = (points: ReadonlyArray<EquityPoint>, from: number, to: number) => ({
  from,
  to,
  points: points.map((point) => ({ timestamp: point.timestamp, equity: point.equity.toString() }))
})
