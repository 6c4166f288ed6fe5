import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { decideCycle } from "../../src/decision/DecideCycle.ts"
import type { DecisionInput, DecisionSignal } from "../../src/decision/DecisionTypes.ts"
import { roundSizeDown } from "../../src/domain/Money.ts"
import type { Side } from "../../src/domain/Side.ts"
import { openDay } from "../../src/risk/DailyPnl.ts"
import { account, d, held, input, market, settingsWith, signal, wideSignal } from "./DecisionFixtures.ts"

const SYMBOLS = ["BTC", "ETH", "SOL", "ADA", "XRP", "DOT", "LINK", "AVAX", "DOGE", "LTC"].map((b) => `${b}/USD`)
const settings = settingsWith({
  config: { risk: { auction_max_new_opens_per_cycle: 3, auction_max_positions: 6, auction_max_per_cluster: 3 } }
})
const LEVERAGE = 7 // tier A

const signalArb = (symbol: string) =>
  fc
    .record({
      side: fc.constantFrom<Side>("long", "short"),
      score: fc.integer({ min: 40, max: 100 }),
      stopPct: fc.integer({ min: 5, max: 50 }).map((n) => n / 1000),
      wide: fc.boolean()
    })
    .map(
      (s): DecisionSignal =>
        (s.wide ? wideSignal : signal)(symbol, { ...s, stopPct: s.wide ? s.stopPct + 0.02 : s.stopPct })
    )

const scenario = fc
  .record({
    signalSymbols: fc.subarray(SYMBOLS, { minLength: 1 }),
    heldSymbols: fc.subarray(SYMBOLS, { maxLength: 5 }),
    equity: fc.integer({ min: 500, max: 50_000 }),
    step: fc.constantFrom(0.001, 0.01, 0.1, 1),
    minSteps: fc.integer({ min: 1, max: 20 }),
    seed: fc.integer({ min: 1, max: 1_000_000 })
  })
  .chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc.tuple(...s.signalSymbols.map(signalArb)),
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 })
    )
  )
  .map(([s, signals, extra]): { readonly input: DecisionInput; readonly seed: number } => ({
    seed: s.seed,
    input: input({
      // A few symbols get a second, competing signal.
      signals: [...signals, ...extra.flatMap((i) => (signals[i] === undefined ? [] : [{ ...signals[i], score: 50 }]))],
      markets: SYMBOLS.map((sym) => market(sym, { step: s.step, min: s.step * s.minSteps })),
      positions: s.heldSymbols.map((sym) => held(sym, { quantity: 1 })),
      account: account(s.equity),
      daily: openDay(d(s.equity), input().now)
    })
  }))

const shuffle = <A>(xs: ReadonlyArray<A>, seed: number): ReadonlyArray<A> => {
  const out = [...xs]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    const j = state % (i + 1)
    const [a, b] = [out[i], out[j]]
    if (a !== undefined && b !== undefined) [out[i], out[j]] = [b, a]
  }
  return out
}

describe("decideCycle properties", () => {
  it("every signal ends as exactly one entry or one rejection, and no entry breaks a cap", () => {
    let withEntries = 0
    fc.assert(
      fc.property(scenario, ({ input: i }) => {
        const decision = decideCycle(i, settings)
        expect(decision.entries.length + decision.rejections.length).toBe(i.signals.length)
        if (decision.entries.length > 0) withEntries++
        const entered = decision.entries.map((e) => e.symbol)
        expect(new Set(entered).size).toBe(entered.length)
        for (const symbol of entered) expect(i.positions.some((p) => p.symbol === symbol)).toBe(false)
        expect(decision.entries.length).toBeLessThanOrEqual(3)
        expect(i.positions.length - decision.exits.length + decision.entries.length).toBeLessThanOrEqual(
          Math.max(6, i.positions.length)
        )
        const equity = i.account.equity
        for (const e of decision.entries) {
          const { quantity, sizeStep, minSize, entryPrice } = e.plan
          expect(roundSizeDown(quantity, sizeStep).eq(quantity)).toBe(true)
          expect(quantity.gte(minSize)).toBe(true)
          const notional = quantity.times(entryPrice)
          expect(notional.lte(equity.times(0.25).times(LEVERAGE))).toBe(true)
          expect(notional.times(e.plan.entryPrice.minus(e.plan.initialStop).abs()).div(entryPrice).lte(500)).toBe(true)
        }
      }),
      { numRuns: 60 }
    )
    // The property is not vacuous: most generated ticks open something.
    expect(withEntries).toBeGreaterThan(20)
  })

  it("the decision does not depend on the order of signals, positions and markets", () => {
    fc.assert(
      fc.property(scenario, ({ input: i, seed }) => {
        const permuted: DecisionInput = {
          ...i,
          signals: shuffle(i.signals, seed),
          positions: shuffle(i.positions, seed + 1),
          markets: shuffle(i.markets, seed + 2)
        }
        expect(decideCycle(permuted, settings)).toEqual(decideCycle(i, settings))
      }),
      { numRuns: 40 }
    )
  })
})
