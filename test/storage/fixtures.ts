import { Schema } from "effect"
import { AccountState } from "../../src/domain/AccountState.ts"
import { Candle } from "../../src/domain/Candle.ts"
import { Position } from "../../src/domain/Position.ts"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import { type Timeframe, timeframeMs } from "../../src/domain/Timeframe.ts"
import { Trade } from "../../src/domain/Trade.ts"

export const T0 = Date.UTC(2025, 0, 1)
export const HOUR = 3_600_000

export const candle = (i: number, overrides: Partial<ConstructorParameters<typeof Candle>[0]> = {}) => {
  const timeframe: Timeframe = overrides.timeframe ?? "1h"
  return new Candle({
    symbol: "BTC/USD",
    timeframe,
    openTime: T0 + i * timeframeMs[timeframe],
    open: 100 + i,
    high: 110 + i,
    low: 90 + i,
    close: 105 + i,
    volume: 10 + i,
    ...overrides
  })
}

export const trade = (fields: Partial<typeof Trade.Encoded> = {}) =>
  Schema.decodeUnknownSync(Trade)({
    tradeId: "pos-000000000001",
    symbol: "BTC/USD",
    side: "long",
    entryPrice: "50000.5",
    exitPrice: "51000.25",
    size: "0.0123",
    sizeNotional: "615.00615",
    leverage: "3",
    grossPnl: "12.296925",
    fees: "0.61",
    funding: "-0.05",
    netPnl: "11.736925",
    enteredAt: T0,
    exitedAt: T0 + 5 * HOUR,
    holdingPeriodHours: 5,
    exitReason: "take_profit",
    makerFills: 1,
    takerFills: 2,
    ...fields
  })

export const event = (fields: Partial<typeof SystemEvent.Encoded> = {}) =>
  Schema.decodeUnknownSync(SystemEvent)({ timestamp: T0, eventType: "decision_trace", details: {}, ...fields })

export const accountState = (timestamp: number, equity: string) =>
  Schema.decodeUnknownSync(AccountState)({
    timestamp,
    equity,
    balance: "1000.00",
    marginUsed: "12.5",
    availableMargin: "987.5",
    unrealizedPnl: "-0.000000000000000001"
  })

export const positionFields: typeof Position.Encoded = {
  positionId: "pos-00000000000a",
  symbol: "ETH/USD",
  futuresSymbol: "PF_ETHUSD",
  side: "short",
  state: "PROTECTED",
  size: "1.5",
  originalSize: "2",
  sizeNotional: "5250.75",
  entryPrice: "3500.5",
  currentMarkPrice: "3490.125",
  unrealizedPnl: "15.5625",
  leverage: "2",
  marginUsed: "2625.375",
  initialStopPrice: "3600",
  stopPrice: "3550",
  tp1Price: "3400",
  finalTargetPrice: "3200",
  entryOrderId: "7c1a3f0e-1111-4e5e-9f00-000000000001",
  stopClientOrderId: "stop-pos-00000000000a-1",
  fundingAccrued: "0.123456789012345678",
  tp1Filled: true,
  tp2Filled: false,
  breakEvenTriggered: true,
  trailingActive: false,
  isProtected: true,
  protectionReason: "stop order live",
  openedAt: T0,
  updatedAt: T0 + HOUR
}

export const position = (fields: Partial<typeof Position.Encoded> = {}) =>
  Schema.decodeUnknownSync(Position)({ ...positionFields, ...fields })
