import { Effect, Layer, Schema } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { Order } from "../../src/domain/Order.ts"
import { Position } from "../../src/domain/Position.ts"
import { Trade } from "../../src/domain/Trade.ts"
import {
  Operator,
  OperatorError,
  type OperatorService,
  type OperatorStatus
} from "../../src/monitoring/OperatorPort.ts"

export const NOW = Date.parse("2026-03-02T12:00:00Z")
const HOUR = 3_600_000

export const btcLong = Schema.decodeUnknownSync(Position)({
  positionId: "pos-0123456789ab",
  symbol: "BTC/USD",
  futuresSymbol: "PF_XBTUSD",
  side: "long",
  state: "PROTECTED",
  size: "0.5",
  originalSize: "0.5",
  sizeNotional: "32000",
  entryPrice: "64000",
  currentMarkPrice: "65000",
  unrealizedPnl: "500",
  leverage: "3",
  marginUsed: "10666.67",
  initialStopPrice: "62000",
  stopPrice: "63000",
  tp1Price: "66000",
  tp2Price: "68000",
  fundingAccrued: "0",
  tp1Filled: false,
  tp2Filled: false,
  breakEvenTriggered: false,
  trailingActive: false,
  isProtected: true,
  openedAt: NOW - 3 * HOUR - 5 * 60_000,
  updatedAt: NOW
})

export const ethTrade = Schema.decodeUnknownSync(Trade)({
  tradeId: "pos-aaaaaaaaaaaa",
  symbol: "ETH/USD",
  side: "short",
  entryPrice: "3000",
  exitPrice: "3100",
  size: "2",
  sizeNotional: "6000",
  leverage: "2",
  grossPnl: "-200",
  fees: "4.2",
  funding: "0.8",
  netPnl: "-205",
  enteredAt: NOW - 5 * HOUR,
  exitedAt: NOW - HOUR,
  holdingPeriodHours: 4,
  exitReason: "stop_loss",
  makerFills: 1,
  takerFills: 1
})

export const btcStop = Schema.decodeUnknownSync(Order)({
  clientOrderId: "stop-pos-0123456789ab-1",
  orderId: "c18f0c17-9971-40e6-8e5b-10df05d422f0",
  symbol: "PF_XBTUSD",
  side: "sell",
  type: "stop",
  quantity: "0.5",
  triggerPrice: "63000",
  triggerReference: "mark",
  reduceOnly: true,
  postOnly: false,
  status: "new",
  filledQuantity: "0",
  fills: [],
  createdAt: NOW - HOUR,
  updatedAt: NOW - HOUR
})

export const baseStatus: OperatorStatus = {
  mode: "paper",
  safetyLevel: "ACTIVE",
  killSwitch: { active: false },
  equity: new Decimal("10250.5"),
  availableMargin: new Decimal("7500"),
  marginUsage: 0.268,
  openPositions: 1,
  openOrders: 1,
  lastTickAt: NOW - 30_000,
  startedAt: NOW - 26 * HOUR
}

/** A working in-memory operator: kill and resume flip a flag; `failing` makes every call fail. */
export const testOperator = (options: { readonly failing?: boolean } = {}) => {
  const calls: Array<string> = []
  let killed: { reason: string; since: number } | undefined
  const guard = <A>(operation: string, value: () => A) =>
    Effect.suspend(() => {
      calls.push(operation)
      return options.failing === true
        ? Effect.fail(new OperatorError({ operation, reason: "exchange unreachable" }))
        : Effect.succeed(value())
    })
  const service: OperatorService = {
    status: guard("status", () => ({
      ...baseStatus,
      killSwitch: killed === undefined ? { active: false as const } : { active: true as const, ...killed }
    })),
    positions: guard("positions", () => [btcLong]),
    trades: (limit) => guard(`trades:${limit}`, () => [ethTrade]),
    orders: guard("orders", () => [btcStop]),
    pnl: guard("pnl", () => ({
      equity: new Decimal("10250.5"),
      realizedToday: new Decimal("-205"),
      unrealized: new Decimal("500"),
      realizedTotal: new Decimal("250.5"),
      tradesToday: 1,
      winsToday: 0
    })),
    kill: (reason) =>
      guard(`kill:${reason}`, () => {
        const alreadyActive = killed !== undefined
        killed ??= { reason, since: NOW }
        return { alreadyActive, cancelledOrders: alreadyActive ? 0 : 2 }
      }),
    resume: guard("resume", () => {
      const resumed = killed !== undefined
      killed = undefined
      return { resumed, detail: resumed ? "safety ACTIVE" : "kill switch is not active" }
    })
  }
  return { calls, layer: Layer.succeed(Operator, service) }
}
