import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { Side } from "../../src/domain/Side.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import { allocate } from "../../src/portfolio/Auction.ts"
import type { AuctionCandidate, AuctionParams, AuctionPosition } from "../../src/portfolio/AuctionTypes.ts"
import { lockReason } from "../../src/portfolio/Valuation.ts"
import { MINUTE, NOW, params } from "./AuctionFixtures.ts"

const SYMBOLS = ["BTC", "ETH", "SOL", "ADA", "XRP", "DOT", "LINK", "AVAX", "DOGE", "LTC", "ATOM", "NEAR"].map(
  (b) => `${b}/USD`
)
const CLUSTERS = ["tight_smc_ob", "tight_smc_fvg", "wide_structure_bos"]

const side = fc.constantFrom<Side>("long", "short")
const cluster = fc.constantFrom(...CLUSTERS)
const margin = fc.integer({ min: 1, max: 4000 }).map((n) => new Decimal(n))

const candidateArb = (symbol: string) =>
  fc.record({ side, cluster, score: fc.integer({ min: 0, max: 100 }), margin }).map(
    (c): AuctionCandidate => ({
      key: symbolKey(symbol),
      side: c.side,
      score: c.score,
      cluster: c.cluster,
      requiredMargin: c.margin
    })
  )

const positionArb = (symbol: string) =>
  fc
    .record({
      side,
      cluster,
      entryScore: fc.integer({ min: 0, max: 100 }),
      pnlR: fc.integer({ min: -20, max: 40 }).map((n) => n / 10),
      age: fc.integer({ min: 0, max: 600 }),
      margin,
      isProtected: fc.boolean()
    })
    .map(
      (p): AuctionPosition => ({
        key: symbolKey(symbol),
        side: p.side,
        cluster: p.cluster,
        entryScore: p.entryScore,
        pnlR: p.pnlR,
        openedAt: NOW - p.age * MINUTE,
        margin: p.margin,
        isProtected: p.isProtected
      })
    )

// Symbols split between positions (one each) and candidates (some symbols twice, some held ones too).
const scenario = fc
  .record({
    roles: fc.array(fc.constantFrom("none", "position", "candidate", "both"), {
      minLength: SYMBOLS.length,
      maxLength: SYMBOLS.length
    }),
    params: fc.record({
      auction_max_positions: fc.integer({ min: 1, max: 8 }),
      auction_max_per_cluster: fc.integer({ min: 1, max: 4 }),
      auction_max_per_symbol: fc.integer({ min: 1, max: 2 }),
      auction_swap_threshold: fc.integer({ min: 0, max: 20 }),
      auction_max_trades_per_cycle: fc.integer({ min: 1, max: 5 }),
      auction_max_new_opens_per_cycle: fc.integer({ min: 1, max: 5 }),
      auction_max_closes_per_cycle: fc.integer({ min: 1, max: 5 }),
      auction_no_signal_persistence_enabled: fc.boolean()
    }),
    equity: fc.integer({ min: 1000, max: 20_000 }),
    noSignalCycles: fc.integer({ min: 0, max: 10 })
  })
  .chain((s) => {
    const held = SYMBOLS.filter((_, i) => s.roles[i] === "position" || s.roles[i] === "both")
    const signalled = SYMBOLS.filter((_, i) => s.roles[i] === "candidate" || s.roles[i] === "both")
    return fc.record({
      s: fc.constant(s),
      positions: fc.tuple(...held.map(positionArb)),
      candidates: fc.tuple(...signalled.map(candidateArb))
    })
  })
  .chain(({ s, positions, candidates }) =>
    fc.record({
      s: fc.constant(s),
      positions: fc.constant(positions),
      candidates: fc.constant(candidates),
      shuffledPositions: fc.shuffledSubarray(positions, { minLength: positions.length }),
      shuffledCandidates: fc.shuffledSubarray(candidates, { minLength: candidates.length })
    })
  )

const decide = (
  s: { params: Partial<AuctionParams>; equity: number; noSignalCycles: number },
  candidates: ReadonlyArray<AuctionCandidate>,
  positions: ReadonlyArray<AuctionPosition>
) =>
  allocate(
    { now: NOW, equity: new Decimal(s.equity), candidates, positions, noSignalCycles: s.noSignalCycles },
    { ...params, ...s.params }
  )

describe("allocate (properties)", () => {
  it.prop(
    "the same inputs in any order give the same decision",
    [scenario],
    ([sc]) => {
      const a = decide(sc.s, sc.candidates, sc.positions)
      const b = decide(sc.s, sc.shuffledCandidates, sc.shuffledPositions)
      expect(b).toEqual(a)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "no accepted trade breaks a cap, and every input is accounted for once",
    [scenario],
    ([sc]) => {
      const p = { ...params, ...sc.s.params }
      const d = decide(sc.s, sc.candidates, sc.positions)
      expect(d.opens.length + d.rejected.length).toBe(sc.candidates.length)
      expect(d.closes.length + d.kept.length).toBe(sc.positions.length)
      expect(d.opens.length).toBeLessThanOrEqual(p.auction_max_new_opens_per_cycle)
      expect(d.closes.length).toBeLessThanOrEqual(p.auction_max_closes_per_cycle)
      expect(d.opens.length + d.closes.length).toBeLessThanOrEqual(p.auction_max_trades_per_cycle)

      const closed = new Set(d.closes.map((c) => c.position))
      const after = [
        ...sc.positions
          .filter((x) => !closed.has(x))
          .map((x) => ({ key: x.key, cluster: x.cluster, margin: x.margin })),
        ...d.opens.map((o) => ({
          key: o.candidate.key,
          cluster: o.candidate.cluster,
          margin: o.candidate.requiredMargin
        }))
      ]
      const heldKeys = new Set(sc.positions.map((x) => x.key))
      if (d.opens.length > 0) {
        expect(after.length).toBeLessThanOrEqual(p.auction_max_positions)
        const total = after.reduce((sum, x) => sum.plus(x.margin), new Decimal(0))
        expect(total.lte(new Decimal(sc.s.equity).times(p.auction_max_margin_util))).toBe(true)
      }
      for (const o of d.opens) {
        expect(heldKeys.has(o.candidate.key)).toBe(false)
        expect(after.filter((x) => x.key === o.candidate.key).length).toBeLessThanOrEqual(p.auction_max_per_symbol)
        expect(after.filter((x) => x.cluster === o.candidate.cluster).length).toBeLessThanOrEqual(
          p.auction_max_per_cluster
        )
      }
      const opened = new Map(d.opens.map((o) => [o.candidate.key, o.value]))
      for (const c of d.closes) {
        expect(lockReason(c.position, NOW, p)).toBeUndefined()
        if (c.reason === "SWAP") {
          const replacement = opened.get(c.replacement ?? symbolKey("NONE"))
          expect(replacement).toBeDefined()
          expect(replacement ?? Number.NEGATIVE_INFINITY).toBeGreaterThanOrEqual(c.value + p.auction_swap_threshold)
        } else expect(sc.candidates).toHaveLength(0)
      }
    },
    { fastCheck: { numRuns: 300 } }
  )
})
