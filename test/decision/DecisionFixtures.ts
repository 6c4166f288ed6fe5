import { Option } from "effect"
import type { TestConfigPatch } from "../../src/config/TestConfig.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { decisionSettingsFromConfig } from "../../src/decision/DecisionSettings.ts"
import {
  type DecisionInput,
  type DecisionSignal,
  initialDecisionState,
  type MarketView
} from "../../src/decision/DecisionTypes.ts"
import { positionIdFor } from "../../src/decision/EntryIds.ts"
import { AccountState } from "../../src/domain/AccountState.ts"
import type { Tier } from "../../src/domain/Instrument.ts"
import { Decimal } from "../../src/domain/Money.ts"
import type { PositionId } from "../../src/domain/Position.ts"
import type { Side } from "../../src/domain/Side.ts"
import type { SetupType, TradeRegime } from "../../src/domain/Signal.ts"
import { perpetualFor, SpotSymbol, symbolKey } from "../../src/domain/Symbols.ts"
import type { ExitReason } from "../../src/domain/Trade.ts"
import { clientOrderIdFor } from "../../src/execution/ClientOrderIds.ts"
import type { ManagedPosition } from "../../src/execution/ManagedPosition.ts"
import type { ClosedTrade } from "../../src/risk/Cooldowns.ts"
import { openDay } from "../../src/risk/DailyPnl.ts"

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
/** A Monday noon UTC; signals are on the previous 15-minute bar. */
export const NOW = Date.UTC(2026, 0, 5, 12)
export const BAR = NOW - 15 * MINUTE

export const d = (n: number | string) => new Decimal(n)

/** The shipped configuration with optional changes, as the decision reads it. */
export const settingsWith = (patch: TestConfigPatch = {}) => decisionSettingsFromConfig(testConfigSync(patch))

export const settings = settingsWith()

export interface SignalOptions {
  readonly side?: Side
  readonly score?: number
  readonly price?: number
  /** Stop distance as a fraction of entry (2 % by default). */
  readonly stopPct?: number
  /** Target distance in R (3 by default: clears the R:R and fee-edge gates). */
  readonly targetR?: number
  readonly regime?: TradeRegime
  readonly setupType?: SetupType
  readonly timestamp?: number
  readonly adx?: number
  readonly tpCandidates?: ReadonlyArray<number>
}

/** A tight-SMC order-block long at 100 with a 2 % stop and a 3 R target unless told otherwise. */
export const signal = (symbol: string, options: SignalOptions = {}): DecisionSignal => {
  const side = options.side ?? "long"
  const price = options.price ?? 100
  const stopPct = options.stopPct ?? 0.02
  const direction = side === "long" ? 1 : -1
  const risk = price * stopPct
  return {
    timestamp: options.timestamp ?? BAR,
    symbol: SpotSymbol.make(symbol),
    side,
    entryPrice: d(price),
    stopLoss: d(price - direction * risk),
    takeProfit: d(price + direction * risk * (options.targetR ?? 3)),
    tpCandidates: (options.tpCandidates ?? []).map(d),
    setupType: options.setupType ?? "ob",
    regime: options.regime ?? "tight_smc",
    adx: options.adx ?? 30,
    score: options.score ?? 70
  }
}

/** A wide-structure BOS signal: a 3 % stop keeps the funding distortion under its cap. */
export const wideSignal = (symbol: string, options: SignalOptions = {}): DecisionSignal =>
  signal(symbol, { regime: "wide_structure", setupType: "bos", stopPct: 0.03, ...options })

export interface MarketOptions {
  readonly price?: number
  readonly tick?: number
  readonly step?: number
  readonly min?: number
  readonly tier?: Tier
  readonly tradeable?: boolean
}

export const market = (symbol: string, options: MarketOptions = {}): MarketView => {
  const spot = SpotSymbol.make(symbol)
  const futuresSymbol = perpetualFor(spot)
  const price = d(options.price ?? 100)
  return {
    symbol: spot,
    futuresSymbol,
    tier: options.tier ?? "A",
    contract: {
      symbol: futuresSymbol,
      tickSize: d(options.tick ?? 0.01),
      sizeStep: d(options.step ?? 0.01),
      minSize: d(options.min ?? 0.01),
      tradeable: options.tradeable ?? true
    },
    ticker: {
      symbol: futuresSymbol,
      bid: price,
      ask: price,
      last: price,
      markPrice: Option.some(price),
      indexPrice: Option.some(price),
      fundingRate: Option.none(),
      volume24h: Option.none(),
      receivedAt: NOW
    }
  }
}

export const account = (equity = 10_000, marginUsed = 0): AccountState =>
  AccountState.make({
    timestamp: NOW,
    equity: d(equity),
    balance: d(equity),
    marginUsed: d(marginUsed),
    availableMargin: d(equity - marginUsed),
    unrealizedPnl: d(0)
  })

export interface HeldOptions {
  readonly side?: Side
  readonly price?: number
  readonly quantity?: number
  readonly ageMinutes?: number
  readonly regime?: TradeRegime
  readonly setupType?: SetupType
  /** A working stop (default) or none. */
  readonly protectedBy?: "stop" | "none"
  readonly state?: ManagedPosition["state"]
}

/** A filled, protected registry position (a working stop at −2 %) opened `ageMinutes` ago. */
export const held = (symbol: string, options: HeldOptions = {}): ManagedPosition => {
  const spot = SpotSymbol.make(symbol)
  const openedAt = NOW - (options.ageMinutes ?? 120) * MINUTE
  const positionId = positionIdFor(spot, openedAt)
  const side = options.side ?? "long"
  const price = d(options.price ?? 100)
  const quantity = d(options.quantity ?? 10)
  const stop = side === "long" ? price.times(0.98) : price.times(1.02)
  const state = options.state ?? "PROTECTED"
  const filled = state !== "PENDING"
  return {
    positionId,
    symbol: spot,
    futuresSymbol: perpetualFor(spot),
    side,
    state,
    plan: {
      quantity,
      entryPrice: price,
      initialStop: stop,
      tp1Fraction: d(0.5),
      tp2Fraction: d(0.4),
      sizeStep: d(0.01),
      minSize: d(0.01),
      regime: options.regime ?? "tight_smc",
      setupType: options.setupType ?? "ob"
    },
    stopPrice: stop,
    stopTarget: stop,
    orders:
      options.protectedBy === "none" || !filled
        ? []
        : [
            {
              role: "stop",
              clientOrderId: clientOrderIdFor(positionId, "stop", 0),
              quantity,
              price: stop,
              status: "working",
              filled: d(0)
            }
          ],
    entryFills: filled
      ? [{ fillId: `fill-${positionId}`, quantity, price, fee: d(0), time: openedAt, synthetic: false }]
      : [],
    exitFills: [],
    nextSeq: 1,
    tp1Filled: false,
    tp2Filled: false,
    breakEvenTriggered: false,
    trailingActive: false,
    intentConfirmed: true,
    stopRetryBlocked: false,
    missingChecks: 0,
    openedAt,
    updatedAt: openedAt,
    processedEventIds: []
  }
}

export const closedTrade = (
  symbol: string,
  options: { netPnl: number; exitedMinutesAgo: number; heldMinutes?: number; exitReason?: ExitReason }
): ClosedTrade => {
  const exitedAt = NOW - options.exitedMinutesAgo * MINUTE
  return {
    key: symbolKey(symbol),
    netPnl: d(options.netPnl),
    enteredAt: exitedAt - (options.heldMinutes ?? 180) * MINUTE,
    exitedAt,
    exitReason: options.exitReason ?? (options.netPnl < 0 ? "stop_loss" : "take_profit"),
    tight: true
  }
}

/** A decision input with no positions or trades, a 10 000 USD account and the given signals and markets. */
export const input = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  now: NOW,
  signals: [],
  account: account(),
  positions: [],
  markets: [],
  recentTrades: [],
  daily: openDay(d(10_000), NOW),
  scannedSymbols: 20,
  state: initialDecisionState,
  ...overrides
})

export const scores = (entries: ReadonlyArray<readonly [PositionId, number]>) => new Map(entries)
