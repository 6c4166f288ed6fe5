import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../src/domain/Money.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import type { ExitReason } from "../../src/domain/Trade.ts"
import { allocate } from "../../src/portfolio/Auction.ts"
import { type ChopInput, type ChopParams, chopAdjusted, detectChop } from "../../src/portfolio/Chop.ts"
import { candidate, MINUTE, NOW, params, position } from "./AuctionFixtures.ts"

const chopParams: ChopParams = {
  auction_chop_guard_enabled: true,
  auction_chop_adx_threshold: 18,
  auction_chop_score_std_threshold: 6,
  auction_chop_reversal_window_hours: 12,
  auction_chop_quick_reversal_hold_minutes: 60,
  auction_chop_global_symbol_pct: 0.5,
  auction_chop_swap_threshold_delta: 2,
  auction_chop_min_hold_multiplier: 2,
  auction_chop_max_new_opens_delta: -1,
  auction_chop_no_signal_persistence_delta: 1
}

const reversal = (symbol: string, exitMinutesAgo: number, holdMinutes = 30, exitReason: ExitReason = "stop_loss") => ({
  key: symbolKey(symbol),
  exitedAt: NOW - exitMinutesAgo * MINUTE,
  enteredAt: NOW - (exitMinutesAgo + holdMinutes) * MINUTE,
  exitReason
})

const input = (over: Partial<ChopInput> = {}): ChopInput => ({
  now: NOW,
  scannedCount: 4,
  signals: [
    { key: symbolKey("BTC/USD"), adx: 15, score: 60 },
    { key: symbolKey("ETH/USD"), adx: 12, score: 62 },
    { key: symbolKey("SOL/USD"), adx: 30, score: 58 }
  ],
  recentTrades: [reversal("BTC/USD", 100), reversal("ETH/USD", 200), reversal("SOL/USD", 50)],
  ...over
})

const active = (over: Partial<ChopInput> = {}, p = chopParams) => {
  const chop = detectChop(input(over), p)
  return [chop.global, [...chop.active].sort()]
}

describe("detectChop", () => {
  it("is global when half the scanned symbols show weak ADX, bunched scores and a recent quick reversal", () => {
    expect(active()).toEqual([true, ["BTCUSD", "ETHUSD"]])
    expect(active({ scannedCount: 5 })).toEqual([false, []])
  })

  it("needs bunched scores, a quick reversal exit within the window, and the guard enabled", () => {
    const spread = input().signals.map((s, i) => ({ ...s, score: 40 + i * 20 }))
    expect(active({ signals: spread })).toEqual([false, []])
    expect(active({ recentTrades: [reversal("BTC/USD", 100), reversal("ETH/USD", 13 * 60)] })).toEqual([false, []])
    expect(active({ recentTrades: [reversal("BTC/USD", 100), reversal("ETH/USD", 100, 60)] })).toEqual([false, []])
    expect(active({ recentTrades: [reversal("BTC/USD", 100), reversal("ETH/USD", 100, 30, "take_profit")] })).toEqual([
      false,
      []
    ])
    expect(active({}, { ...chopParams, auction_chop_guard_enabled: false })).toEqual([false, []])
  })
})

describe("chop in the auction", () => {
  const chop = { global: true, active: new Set([symbolKey("BTC/USD"), symbolKey("ETH/USD")]) }

  it("adjusts the cycle's parameters and the chop-active symbols' threshold and hold", () => {
    const adjusted = chopAdjusted(params, chop, chopParams)
    expect(adjusted.params.auction_max_new_opens_per_cycle).toBe(1)
    expect(adjusted.params.auction_no_signal_close_persistence_cycles).toBe(9)
    expect([adjusted.chop?.swapThreshold, adjusted.chop?.minHoldMinutes]).toEqual([16, 90])
    expect(chopAdjusted(params, { global: false, active: new Set() }, chopParams)).toEqual({ params })
  })

  it("locks chop-active positions longer and asks a larger margin for their swaps", () => {
    const { params: p, chop: overrides } = chopAdjusted({ ...params, auction_max_positions: 1 }, chop, chopParams)
    const run = (held: ReturnType<typeof position>, score: number) =>
      allocate(
        {
          now: NOW,
          equity: new Decimal(10_000),
          candidates: [candidate("ADA/USD", score)],
          positions: [held],
          noSignalCycles: 0,
          chop: overrides
        },
        p
      ).kept.map((k) => k.reason)
    expect(run(position("BTC/USD", 20, { ageMinutes: 60 }), 99)).toEqual(["LOCKED_MIN_HOLD"])
    expect(run(position("SOL/USD", 20, { ageMinutes: 60 }), 99)).toEqual([])
    // value 18: a plain swap needs 32, a chop-active one 34
    expect(run(position("BTC/USD", 20, { ageMinutes: 120 }), 35)).toEqual(["HYSTERESIS"])
    expect(run(position("BTC/USD", 20, { ageMinutes: 120 }), 36)).toEqual([])
    expect(run(position("SOL/USD", 20, { ageMinutes: 120 }), 34)).toEqual([])
  })
})
