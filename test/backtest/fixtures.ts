import { Schema } from "effect"
import {
  type BacktestResult,
  type BacktestTrade,
  backtestTrade,
  type EquityPoint,
  type RejectionReason
} from "../../src/backtest/BacktestResult.ts"
import { Candle } from "../../src/domain/Candle.ts"
import { seriesFromCandles } from "../../src/domain/CandleSeries.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { Trade } from "../../src/domain/Trade.ts"

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
/** 2024-01-01T00:00:00Z */
export const T0 = Date.UTC(2024, 0, 1)

export const d = (value: string | number): Decimal => new Decimal(value)

export const point = (hours: number, equity: number, marginUsed = 0, openPositions = 0): EquityPoint => ({
  timestamp: T0 + hours * HOUR,
  equity: d(equity),
  marginUsed: d(marginUsed),
  openPositions
})

interface TradeSpec {
  readonly id: string
  readonly symbol: string
  readonly side: "long" | "short"
  readonly entry: string
  readonly exit: string
  readonly size: string
  readonly stop: string
  readonly gross: string
  readonly fees: string
  readonly funding: string
  readonly net: string
  readonly enteredHours: number
  readonly exitedHours: number
  readonly exitReason?: Trade["exitReason"]
  /** [hours after T0, new stop price] */
  readonly stopMoves?: ReadonlyArray<readonly [number, string]>
}

export const trade = (s: TradeSpec): BacktestTrade =>
  backtestTrade(
    Schema.decodeUnknownSync(Trade)({
      tradeId: s.id,
      symbol: s.symbol,
      side: s.side,
      entryPrice: s.entry,
      exitPrice: s.exit,
      size: s.size,
      sizeNotional: d(s.entry).times(s.size).toString(),
      leverage: "2",
      grossPnl: s.gross,
      fees: s.fees,
      funding: s.funding,
      netPnl: s.net,
      enteredAt: T0 + s.enteredHours * HOUR,
      exitedAt: T0 + s.exitedHours * HOUR,
      holdingPeriodHours: s.exitedHours - s.enteredHours,
      exitReason: s.exitReason ?? "take_profit",
      makerFills: 1,
      takerFills: 1
    }),
    d(s.stop),
    (s.stopMoves ?? []).map(([hours, price]) => ({ at: T0 + hours * HOUR, price: d(price) }))
  )

// R = net / (|entry − stop| × size): 97 / 50 = 1.94, −20.5 / 8 = −2.5625, 14.5 / 10 = 1.45.
export const TRADES: ReadonlyArray<BacktestTrade> = [
  trade({
    id: "t1",
    symbol: "BTC/USD",
    side: "long",
    entry: "100",
    exit: "110",
    size: "10",
    stop: "95",
    gross: "100",
    fees: "2",
    funding: "1",
    net: "97",
    enteredHours: 12,
    exitedHours: 24,
    stopMoves: [
      [18, "100"],
      [21, "105"]
    ]
  }),
  trade({
    id: "t2",
    symbol: "ETH/USD",
    side: "short",
    entry: "50",
    exit: "55",
    size: "4",
    stop: "52",
    gross: "-20",
    fees: "1",
    funding: "-0.5",
    net: "-20.5",
    enteredHours: 12,
    exitedHours: 36,
    exitReason: "stop_loss"
  }),
  trade({
    id: "t3",
    symbol: "BTC/USD",
    side: "long",
    entry: "100",
    exit: "103",
    size: "5",
    stop: "98",
    gross: "15",
    fees: "0.5",
    funding: "0",
    net: "14.5",
    enteredHours: 24,
    exitedHours: 36
  })
]

/** `bars` hourly bars of a gentle wave around `base` from T0, each opening at the previous close. */
export const waveBars = (base: number, bars: number) =>
  Array.from({ length: bars }, (_, i) => {
    const mid = (k: number) => base * (1 + 0.05 * Math.sin(k / 6))
    const [open, close] = [mid(i - 1), mid(i)]
    return {
      openTime: T0 + i * HOUR,
      open,
      high: Math.max(open, close) * 1.004,
      low: Math.min(open, close) * 0.996,
      close,
      volume: 10
    }
  })

/** `waveBars` as a stored 1h candle series of `symbol`. */
export const candles = (symbol: string, base: number, bars: number) =>
  seriesFromCandles(
    symbol,
    "1h",
    waveBars(base, bars).map((bar) => new Candle({ symbol, timeframe: "1h", ...bar }))
  )

/**
 * Start 1000 at T0. Peak 1100 at 12h, trough 880 at 36h, recovered to 1210 at 60h, flat to 84h.
 * Run span 730 days so CAGR = 1.21^(365/730) − 1 = 0.1.
 */
export const sampleResult = (rejectionOrder: "as-counted" | "reversed" = "as-counted"): BacktestResult => {
  const counted: Array<[RejectionReason, number]> = [
    ["SCORE_BELOW_THRESHOLD", 5],
    ["DAILY_LOSS_LIMIT", 2]
  ]
  return {
    run: {
      symbols: ["BTC/USD", "ETH/USD"],
      from: T0,
      to: T0 + 730 * DAY,
      seed: 42,
      initialEquity: d(1000),
      configDigest: "sha256:abc123"
    },
    equityCurve: [
      point(0, 1000),
      point(12, 1100, 550, 2),
      point(24, 990, 99, 1),
      point(36, 880),
      point(60, 1210),
      point(84, 1210)
    ],
    trades: TRADES,
    fees: d("3.5"),
    funding: d("0.5"),
    rejections: new Map(rejectionOrder === "as-counted" ? counted : [...counted].reverse()),
    charts: [
      {
        symbol: "BTC/USD",
        candles: candles("BTC/USD", 100, 96),
        zones: [
          { kind: "orderBlock", direction: "bullish", top: 99, bottom: 97, from: T0 + 5 * HOUR, to: T0 + 40 * HOUR },
          { kind: "fvg", direction: "bearish", top: 106, bottom: 104, from: T0 + 50 * HOUR, to: null }
        ]
      },
      { symbol: "ETH/USD", candles: candles("ETH/USD", 50, 96), zones: [] }
    ]
  }
}
