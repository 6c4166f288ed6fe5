import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../src/domain/Money.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import { allocate } from "../../src/portfolio/Auction.ts"
import type { AuctionCandidate, AuctionParams, AuctionPosition } from "../../src/portfolio/AuctionTypes.ts"
import {
  candidateValue,
  clusterOf,
  lockReason,
  nextNoSignalCycles,
  pnlInR,
  positionValue
} from "../../src/portfolio/Valuation.ts"
import { candidate, NOW, params, position } from "./AuctionFixtures.ts"

const run = (
  candidates: ReadonlyArray<AuctionCandidate>,
  positions: ReadonlyArray<AuctionPosition>,
  overrides: Partial<AuctionParams> = {},
  extra: { equity?: number; noSignalCycles?: number; lastPartialCloseAt?: number } = {}
) =>
  allocate(
    {
      now: NOW,
      equity: new Decimal(extra.equity ?? 10_000),
      candidates,
      positions,
      noSignalCycles: extra.noSignalCycles ?? 0,
      lastPartialCloseAt: extra.lastPartialCloseAt
    },
    { ...params, ...overrides }
  )

const keys = (items: ReadonlyArray<{ readonly key: string }>) => items.map((i) => i.key)
const reasons = (decision: ReturnType<typeof run>) => ({
  rejected: Object.fromEntries(decision.rejected.map((r) => [r.candidate.key, r.reason])),
  kept: Object.fromEntries(decision.kept.map((k) => [k.position.key, k.reason]))
})

describe("valuation helpers", () => {
  it("values candidates and positions on one scale, and locks young or unprotected positions", () => {
    expect(candidateValue(candidate("ETH/USD", 60), params)).toBe(58)
    expect(positionValue(position("ETH/USD", 60, { pnlR: 1.5 }), params)).toBe(65.5)
    expect(pnlInR(new Decimal(30), new Decimal(1000), new Decimal("0.02"))).toBe(1.5)
    expect(pnlInR(new Decimal(30), new Decimal(1000), new Decimal(0))).toBe(0)
    expect(lockReason(position("ETH/USD", 1, { ageMinutes: 45 }), NOW, params)).toBeUndefined()
    expect(lockReason(position("ETH/USD", 1, { ageMinutes: 44 }), NOW, params)).toBe("LOCKED_MIN_HOLD")
    expect(clusterOf("tight_smc", "ob")).toBe("tight_smc_ob")
    expect(clusterOf(undefined, "ob")).toBe("unknown")
    expect([nextNoSignalCycles(3, 0), nextNoSignalCycles(3, 2)]).toEqual([4, 0])
  })
})

describe("allocate", () => {
  it("opens the best candidate up to the per-cycle open cap, values net of the entry cost", () => {
    const d = run([candidate("ETH/USD", 60), candidate("SOL/USD", 70)], [])
    expect(keys(d.opens.map((o) => o.candidate))).toEqual(["SOLUSD"])
    expect(d.opens[0]?.value).toBe(68)
    expect(reasons(d).rejected).toEqual({ ETHUSD: "MAX_NEW_OPENS_PER_CYCLE" })
  })

  it("refuses held symbols, margins beyond the budget and everything during the partial-close cooldown", () => {
    const held = [position("PF_XBTUSD", 50)]
    const d = run([candidate("BTC/USD", 90), candidate("ETH/USD", 80, { margin: 9001 })], held)
    expect(reasons(d).rejected).toEqual({ BTCUSD: "SYMBOL_HELD", ETHUSD: "MARGIN_EXCEEDS_BUDGET" })
    const cooling = run([candidate("SOL/USD", 90)], held, {}, { lastPartialCloseAt: NOW - 299_000 })
    expect(reasons(cooling).rejected).toEqual({ SOLUSD: "PARTIAL_CLOSE_COOLDOWN" })
    const cooled = run([candidate("SOL/USD", 90)], held, {}, { lastPartialCloseAt: NOW - 300_000 })
    expect(cooled.opens).toHaveLength(1)
  })

  it("applies position, margin, symbol and cluster caps with the held book", () => {
    const loose = { auction_max_new_opens_per_cycle: 5 }
    const full = run([candidate("ETH/USD", 90)], [position("BTC/USD", 95)], { ...loose, auction_max_positions: 1 })
    expect(reasons(full).rejected).toEqual({ ETHUSD: "MAX_POSITIONS" })
    // budget 9 000: 8 500 held + 600 does not fit, 400 does
    const margin = run(
      [candidate("ETH/USD", 90, { margin: 600 }), candidate("SOL/USD", 80, { margin: 400 })],
      [position("BTC/USD", 95, { margin: 8500 })],
      loose
    )
    expect(reasons(margin).rejected).toEqual({ ETHUSD: "MARGIN_BUDGET" })
    expect(keys(margin.opens.map((o) => o.candidate))).toEqual(["SOLUSD"])
    const cluster = run(
      [candidate("ETH/USD", 90, { cluster: "a" }), candidate("SOL/USD", 80, { cluster: "b" })],
      [position("BTC/USD", 95, { cluster: "a" })],
      { ...loose, auction_max_per_cluster: 1 }
    )
    expect(reasons(cluster).rejected).toEqual({ ETHUSD: "MAX_PER_CLUSTER" })
    const symbol = run([candidate("ETH/USD", 90), candidate("PF_ETHUSD", 80, { side: "short" })], [], loose)
    expect(reasons(symbol).rejected).toEqual({ ETHUSD: "MAX_PER_SYMBOL" })
    expect(symbol.opens[0]?.candidate.side).toBe("long")
  })

  it("penalises adding to a one-sided book and refuses negative values", () => {
    const longs = [position("BTC/USD", 50), position("ETH/USD", 50)]
    // penalty 10 × (2/2 − 0.5) × 2 = 10 > value 7; the short side has no penalty
    const d = run([candidate("SOL/USD", 9), candidate("ADA/USD", 8, { side: "short" })], longs, {
      auction_max_new_opens_per_cycle: 5
    })
    expect(reasons(d).rejected).toEqual({ SOLUSD: "DIRECTION_CONCENTRATION" })
    expect(keys(d.opens.map((o) => o.candidate))).toEqual(["ADAUSD"])
    expect(reasons(run([candidate("SOL/USD", 1)], [])).rejected).toEqual({ SOLUSD: "NEGATIVE_VALUE" })
  })

  it("swaps a displaced position only when the replacement beats it by the threshold", () => {
    const held = [position("BTC/USD", 20)] // value 18, needs ≥ 32
    const swap = run([candidate("ETH/USD", 34)], held, { auction_max_positions: 1 })
    expect(swap.closes.map((c) => [c.position.key, c.reason, c.replacement])).toEqual([["BTCUSD", "SWAP", "ETHUSD"]])
    expect(keys(swap.opens.map((o) => o.candidate))).toEqual(["ETHUSD"])
    expect(swap.swaps).toEqual([{ close: symbolKey("BTC/USD"), open: symbolKey("ETH/USD") }])
    const hold = run([candidate("ETH/USD", 33.9)], held, { auction_max_positions: 1 })
    expect(hold.closes).toEqual([])
    expect(reasons(hold)).toEqual({ rejected: { ETHUSD: "MAX_POSITIONS" }, kept: { BTCUSD: "HYSTERESIS" } })
  })

  it("keeps young and unprotected positions whatever the competition", () => {
    const strong = [candidate("ETH/USD", 99)]
    const young = run(strong, [position("BTC/USD", 0, { ageMinutes: 44 })], { auction_max_positions: 1 })
    expect(reasons(young).kept).toEqual({ BTCUSD: "LOCKED_MIN_HOLD" })
    expect(young.opens).toEqual([])
    const longerFlipLock = run(strong, [position("BTC/USD", 0, { ageMinutes: 50 })], {
      auction_max_positions: 1,
      auction_anti_flip_lock_minutes: 60
    })
    expect(reasons(longerFlipLock).kept).toEqual({ BTCUSD: "LOCKED_MIN_HOLD" })
    const naked = run(strong, [position("BTC/USD", 0, { isProtected: false })], { auction_max_positions: 1 })
    expect(reasons(naked).kept).toEqual({ BTCUSD: "LOCKED_UNPROTECTED" })
  })

  it("keeps winning positions without signals and goes flat on losers only after the persistence cycles", () => {
    const held = [position("BTC/USD", 30), position("ETH/USD", 0, { pnlR: -1 })] // values 28 and −7
    expect(reasons(run([], held, {}, { noSignalCycles: 7 })).kept).toEqual({
      BTCUSD: "WINNER",
      ETHUSD: "NO_REPLACEMENT"
    })
    const flat = run([], held, {}, { noSignalCycles: 8 })
    expect(flat.closes.map((c) => [c.position.key, c.reason])).toEqual([["ETHUSD", "NO_SIGNALS"]])
    expect(run([], held, { auction_close_when_no_signals: false }, { noSignalCycles: 99 }).closes).toEqual([])
    expect(run([], held, { auction_no_signal_persistence_enabled: false }).closes).toHaveLength(1)
  })

  it("never closes for a replacement that does not open in the same cycle", () => {
    const held = [position("BTC/USD", 10, { cluster: "a" }), position("SOL/USD", 11, { cluster: "b" })]
    const news = [candidate("ETH/USD", 40, { cluster: "a" }), candidate("ADA/USD", 39, { cluster: "b" })]
    const d = run(news, held, { auction_max_positions: 2, auction_max_closes_per_cycle: 2 })
    expect(d.closes.map((c) => [c.position.key, c.replacement])).toEqual([["BTCUSD", "ETHUSD"]])
    expect(reasons(d)).toEqual({
      rejected: { ADAUSD: "MAX_NEW_OPENS_PER_CYCLE" },
      kept: { SOLUSD: "REPLACEMENT_NOT_OPENED" }
    })
    const capped = run(news, held, { auction_max_positions: 2, auction_max_new_opens_per_cycle: 2 })
    expect(reasons(capped)).toEqual({ rejected: { ADAUSD: "MAX_POSITIONS" }, kept: { SOLUSD: "MAX_CLOSES_PER_CYCLE" } })
    const oneTrade = run(news, held, { auction_max_positions: 2, auction_max_trades_per_cycle: 1 })
    expect(oneTrade.closes).toEqual([])
    expect(oneTrade.opens).toEqual([])
    // two trades allowed: the cheaper close and its replacement fit, the other swap waits
    const twoTrades = run(news, held, {
      auction_max_positions: 2,
      auction_max_trades_per_cycle: 2,
      auction_max_closes_per_cycle: 2,
      auction_max_new_opens_per_cycle: 2
    })
    expect(twoTrades.swaps).toEqual([{ close: symbolKey("BTC/USD"), open: symbolKey("ETH/USD") }])
    expect(reasons(twoTrades)).toEqual({
      rejected: { ADAUSD: "MAX_TRADES_PER_CYCLE" },
      kept: { SOLUSD: "REPLACEMENT_NOT_OPENED" }
    })
  })

  it("breaks value ties by age, then margin, then symbol key", () => {
    const d = run(
      [candidate("ETH/USD", 50, { margin: 200 }), candidate("SOL/USD", 50, { margin: 100 }), candidate("ADA/USD", 50)],
      []
    )
    expect(keys(d.opens.map((o) => o.candidate))).toEqual(["ADAUSD"])
    const older = run(
      [],
      [position("ETH/USD", 50, { ageMinutes: 100 }), position("BTC/USD", 50, { ageMinutes: 200 })],
      {
        auction_max_positions: 1
      }
    )
    expect(reasons(older).kept).toEqual({ BTCUSD: "WINNER", ETHUSD: "NO_REPLACEMENT" })
  })
})
