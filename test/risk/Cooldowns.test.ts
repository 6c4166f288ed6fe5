import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { SpotSymbol, symbolKey } from "../../src/domain/Symbols.ts"
import { type ExitReason, Trade } from "../../src/domain/Trade.ts"
import {
  type ClosedTrade,
  type CooldownParams,
  churnCooldown,
  closedTradeOf,
  inPositionCooldown,
  postCloseCooldown,
  signalCooldown,
  symbolLossCooldown
} from "../../src/risk/Cooldowns.ts"
import { type LossStreakParams, lossStreakPause } from "../../src/risk/LossStreak.ts"
import { d } from "./RiskFixtures.ts"

const MIN = 60_000
const HOUR = 60 * MIN
// 12:00 UTC, so a day of trades fits before it
const NOW = Date.UTC(2027, 0, 15, 12)

const p: CooldownParams = {
  symbol_loss_cooldown_enabled: true,
  symbol_loss_lookback_hours: 24,
  symbol_loss_threshold: 3,
  symbol_loss_cooldown_hours: 12,
  signal_post_close_cooldown_enabled: true,
  signal_post_close_lookback_hours: 24,
  signal_post_close_cooldown_win_minutes: 15,
  signal_post_close_cooldown_loss_minutes: 120,
  signal_post_close_cooldown_strategic_minutes: 90,
  signal_cooldown_hours: 1,
  auction_churn_guard_enabled: true,
  auction_churn_window_hours: 6,
  auction_churn_hold_max_minutes: 60,
  auction_churn_reopen_max_minutes: 120,
  auction_churn_max_events: 2,
  auction_churn_cooldown_tier1_minutes: 30,
  auction_churn_cooldown_tier2_minutes: 120,
  auction_churn_cooldown_tier3_minutes: 360
}

const trade = (
  symbol: string,
  pnl: number,
  exitMinutesAgo: number,
  options: { holdMinutes?: number; reason?: ExitReason; tight?: boolean } = {}
): ClosedTrade => ({
  key: symbolKey(symbol),
  netPnl: d(pnl),
  exitedAt: NOW - exitMinutesAgo * MIN,
  enteredAt: NOW - (exitMinutesAgo + (options.holdMinutes ?? 180)) * MIN,
  exitReason: options.reason ?? (pnl < 0 ? "stop_loss" : "take_profit"),
  tight: options.tight ?? true
})

const ETH = symbolKey("ETH/USD")

describe("closedTradeOf", () => {
  it("projects a recorded trade, tight for order-block and FVG setups", () => {
    const recorded = Trade.make({
      tradeId: "pos-0123456789ab",
      symbol: SpotSymbol.make("ETH/USD"),
      side: "long",
      entryPrice: d(100),
      exitPrice: d(98),
      size: d(1),
      sizeNotional: d(100),
      leverage: d(7),
      grossPnl: d(-2),
      fees: d("0.1"),
      funding: d(0),
      netPnl: d("-2.1"),
      enteredAt: NOW - HOUR,
      exitedAt: NOW,
      holdingPeriodHours: 1,
      exitReason: "stop_loss",
      makerFills: 0,
      takerFills: 2
    })
    expect(closedTradeOf(recorded, "fvg")).toEqual({
      key: ETH,
      netPnl: d("-2.1"),
      enteredAt: NOW - HOUR,
      exitedAt: NOW,
      exitReason: "stop_loss",
      tight: true
    })
    expect(closedTradeOf(recorded, "bos").tight).toBe(false)
    expect(closedTradeOf(recorded, undefined).tight).toBe(false)
  })
})

describe("symbol loss cooldown", () => {
  it("pauses a base for 12 h after its third loss within 24 h, matching the exact base", () => {
    const losses = [trade("ETH/USD", -5, 600), trade("PF_ETHUSD", -5, 500), trade("ETH/USD", -1, 400)]
    expect(symbolLossCooldown(losses, ETH, NOW, p)).toEqual({ kind: "SYMBOL_LOSS", until: NOW + 320 * MIN })
    expect(symbolLossCooldown(losses, symbolKey("ETHFI/USD"), NOW, p)).toBeUndefined()
    expect(symbolLossCooldown(losses, ETH, NOW + 320 * MIN, p)).toBeUndefined()
    expect(symbolLossCooldown(losses.slice(1), ETH, NOW, p)).toBeUndefined()
    const spread = [trade("ETH/USD", -5, 2000), trade("ETH/USD", -5, 500), trade("ETH/USD", -1, 400)]
    expect(symbolLossCooldown(spread, ETH, NOW, p)).toBeUndefined()
    expect(symbolLossCooldown(losses, ETH, NOW, { ...p, symbol_loss_cooldown_enabled: false })).toBeUndefined()
  })
})

describe("post-close cooldown", () => {
  it("pauses by the class of the last close: win, loss, or strategic", () => {
    expect(postCloseCooldown([trade("ETH/USD", 10, 10)], ETH, NOW, p)).toEqual({
      kind: "POST_CLOSE_WIN",
      until: NOW + 5 * MIN
    })
    expect(postCloseCooldown([trade("ETH/USD", 10, 10, { reason: "trailing_stop" })], ETH, NOW, p)?.kind).toBe(
      "POST_CLOSE_WIN"
    )
    expect(postCloseCooldown([trade("ETH/USD", -1, 100)], ETH, NOW, p)?.kind).toBe("POST_CLOSE_LOSS")
    expect(postCloseCooldown([trade("ETH/USD", 5, 60, { reason: "strategic_close" })], ETH, NOW, p)?.kind).toBe(
      "POST_CLOSE_STRATEGIC"
    )
    // only the latest close counts
    expect(postCloseCooldown([trade("ETH/USD", -1, 100), trade("ETH/USD", 1, 20)], ETH, NOW, p)).toBeUndefined()
    expect(postCloseCooldown([trade("ETH/USD", -1, 100)], symbolKey("SOL/USD"), NOW, p)).toBeUndefined()
  })
})

describe("in-position cooldown", () => {
  it("blocks while held and for signal_cooldown_hours after the last entry", () => {
    expect(inPositionCooldown({ held: true }, NOW, p)).toEqual({ kind: "IN_POSITION" })
    expect(inPositionCooldown({ held: false, lastEntryAt: NOW - 59 * MIN }, NOW, p)?.until).toBe(NOW + MIN)
    expect(inPositionCooldown({ held: false, lastEntryAt: NOW - HOUR }, NOW, p)).toBeUndefined()
    expect(inPositionCooldown({ held: false }, NOW, p)).toBeUndefined()
  })
})

describe("churn cooldown", () => {
  // quick trades (held 30 min) re-entered 60 min after each exit
  const churn = (count: number) =>
    Array.from({ length: count }, (_, i) => trade("ETH/USD", 1, 30 + (count - 1 - i) * 90, { holdMinutes: 30 }))

  it("pauses from the last re-entry, longer per tier", () => {
    expect(churnCooldown(churn(2), ETH, NOW, p)).toBeUndefined() // one re-entry
    const lastEntry = NOW - 60 * MIN
    expect(churnCooldown(churn(3), ETH, NOW, p)).toBeUndefined() // tier 1 (30 min) from 60 min ago: over
    expect(churnCooldown(churn(3), ETH, lastEntry + 29 * MIN, p)).toEqual({
      kind: "CHURN",
      until: lastEntry + 30 * MIN
    })
    expect(churnCooldown(churn(4), ETH, NOW, p)).toEqual({ kind: "CHURN", until: lastEntry + 120 * MIN })
    expect(churnCooldown(churn(5), ETH, NOW, p)?.until).toBe(lastEntry + 360 * MIN)
  })

  it("ignores slow holds and late re-entries", () => {
    const slow = Array.from({ length: 4 }, (_, i) => trade("ETH/USD", 1, 30 + (3 - i) * 150, { holdMinutes: 61 }))
    expect(churnCooldown(slow, ETH, NOW, p)).toBeUndefined()
    const late = Array.from({ length: 4 }, (_, i) => trade("ETH/USD", 1, 30 + (3 - i) * 151, { holdMinutes: 30 }))
    expect(churnCooldown(late, ETH, NOW, p)).toBeUndefined()
  })
})

describe("signalCooldown", () => {
  it("returns the first active rule, or nothing when the symbol is free", () => {
    expect(signalCooldown([trade("ETH/USD", -1, 10)], ETH, { held: true }, NOW, p)?.kind).toBe("IN_POSITION")
    expect(signalCooldown([trade("ETH/USD", -1, 10)], ETH, { held: false }, NOW, p)?.kind).toBe("POST_CLOSE_LOSS")
    expect(signalCooldown([trade("ETH/USD", -1, 1000)], ETH, { held: false }, NOW, p)).toBeUndefined()
  })
})

describe("loss streak", () => {
  const s: LossStreakParams = {
    loss_streak_cooldown_tight: 3,
    loss_streak_cooldown_wide: 5,
    loss_streak_pause_minutes_tight: 120,
    loss_streak_pause_minutes_wide: 90,
    loss_streak_min_loss_bps: 20
  }
  const equity = d(10_000) // meaningful loss ≥ 20 USD
  const pause = (trades: ReadonlyArray<ClosedTrade>) => lossStreakPause(trades, equity, NOW, s)

  it("pauses after three meaningful tight losses, from the third", () => {
    expect(pause([trade("A/USD", -20, 50), trade("B/USD", -30, 40), trade("C/USD", -25, 30)])).toBe(NOW + 90 * MIN)
    expect(pause([trade("A/USD", -20, 50), trade("B/USD", -30, 40)])).toBeUndefined()
    expect(pause([trade("A/USD", -20, 200), trade("B/USD", -30, 190), trade("C/USD", -25, 180)])).toBeUndefined()
  })

  it("ignores small losses, resets on a win, and counts wide losses separately", () => {
    expect(pause([trade("A/USD", -20, 50), trade("B/USD", -19, 45), trade("C/USD", -30, 40)])).toBeUndefined()
    expect(
      pause([trade("A/USD", -20, 50), trade("B/USD", 1, 45), trade("C/USD", -30, 40), trade("D/USD", -30, 30)])
    ).toBeUndefined()
    const wide = (n: number) => Array.from({ length: n }, (_, i) => trade("A/USD", -50, 60 - i, { tight: false }))
    expect(pause(wide(4))).toBeUndefined()
    expect(pause(wide(5))).toBe(NOW - 56 * MIN + 90 * MIN)
    expect(pause([...wide(2), trade("A/USD", -50, 55), trade("A/USD", -50, 54)])).toBeUndefined()
  })

  it("forgets yesterday's streak at midnight UTC", () => {
    const long = { ...s, loss_streak_pause_minutes_tight: 1440 }
    const yesterday = [15, 14, 13].map((h) => trade("A/USD", -50, h * 60))
    expect(lossStreakPause(yesterday, equity, NOW, long)).toBeUndefined()
    expect(lossStreakPause([...yesterday.slice(1), trade("A/USD", -50, 60)], equity, NOW, long)).toBeUndefined()
    expect(
      lossStreakPause(
        [trade("A/USD", -50, 11 * 60), trade("A/USD", -50, 600), trade("A/USD", -50, 60)],
        equity,
        NOW,
        long
      )
    ).toBe(NOW - 60 * MIN + 1440 * MIN)
  })
})

describe("cooldowns (properties)", () => {
  const tradeArb = fc
    .record({
      base: fc.constantFrom("ETH", "SOL", "BTC"),
      pnl: fc.integer({ min: -100, max: 100 }),
      exitAgo: fc.integer({ min: 0, max: 240 }),
      hold: fc.integer({ min: 1, max: 90 }),
      reason: fc.constantFrom<ExitReason>("stop_loss", "take_profit", "strategic_close", "trailing_stop"),
      tight: fc.boolean()
    })
    .map((t) => trade(`${t.base}/USD`, t.pnl, t.exitAgo, { holdMinutes: t.hold, reason: t.reason, tight: t.tight }))
  const scenario = fc
    .array(tradeArb, { maxLength: 25 })
    .chain((trades) => fc.tuple(fc.constant(trades), fc.shuffledSubarray(trades, { minLength: trades.length })))

  it.prop(
    "depend on the trades, not on their order",
    [scenario],
    ([[trades, shuffled]]) => {
      const s = {
        loss_streak_cooldown_tight: 2,
        loss_streak_cooldown_wide: 3,
        loss_streak_pause_minutes_tight: 120,
        loss_streak_pause_minutes_wide: 90,
        loss_streak_min_loss_bps: 20
      }
      for (const key of [ETH, symbolKey("SOL/USD")]) {
        expect(signalCooldown(shuffled, key, { held: false }, NOW, p)).toEqual(
          signalCooldown(trades, key, { held: false }, NOW, p)
        )
        expect(churnCooldown(shuffled, key, NOW, p)).toEqual(churnCooldown(trades, key, NOW, p))
        expect(symbolLossCooldown(shuffled, key, NOW, p)).toEqual(symbolLossCooldown(trades, key, NOW, p))
      }
      expect(lossStreakPause(shuffled, d(10_000), NOW, s)).toEqual(lossStreakPause(trades, d(10_000), NOW, s))
    },
    { fastCheck: { numRuns: 500 } }
  )
})
