import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../src/domain/Money.ts"
import { type SymbolKey, symbolKey } from "../../src/domain/Symbols.ts"
import { allocate } from "../../src/portfolio/Auction.ts"
import { prepareCandidates, type ScoredSignal } from "../../src/portfolio/Candidates.ts"
import { context, params as riskParams, tiers } from "../risk/RiskFixtures.ts"
import { params as auctionParams, NOW } from "./AuctionFixtures.ts"

const signal = (symbol: string, score: number, over: Partial<ScoredSignal> = {}): ScoredSignal => ({
  key: symbolKey(symbol),
  side: "long",
  score,
  regime: "tight_smc",
  setupType: "ob",
  entry: new Decimal(100),
  stop: new Decimal(98),
  takeProfit: new Decimal(106),
  ...over
})

describe("prepareCandidates", () => {
  it("drops held symbols, cooldowns and missing specs, and sizes the rest against the auction budget", () => {
    const budget = new Decimal(10_000).times(auctionParams.auction_max_margin_util)
    const noSpec = symbolKey("NEW/USD")
    const cooling = symbolKey("SOL/USD")
    const { candidates, rejected } = prepareCandidates(
      {
        signals: [
          signal("BTC/USD", 80),
          signal("ETH/USD", 70),
          signal("SOL/USD", 60),
          signal("NEW/USD", 50),
          signal("ADA/USD", 40, { takeProfit: new Decimal("100.5") })
        ],
        heldKeys: new Set([symbolKey("BTC/USD")]),
        cooldownFor: (key: SymbolKey) => (key === cooling ? { kind: "SYMBOL_LOSS", until: NOW + 1 } : undefined),
        riskContextFor: (key: SymbolKey) => (key === noSpec ? undefined : context({ availableMargin: budget }))
      },
      riskParams,
      tiers
    )
    expect(rejected.map((r) => [r.signal.key, r.reason])).toEqual([
      ["BTCUSD", "SYMBOL_HELD"],
      ["SOLUSD", "SYMBOL_LOSS"],
      ["NEWUSD", "NO_SPEC"],
      ["ADAUSD", "RISK_TIGHT_SMC_MIN_RR"]
    ])
    expect(
      candidates.map((c) => [c.key, c.cluster, c.requiredMargin.toNumber(), c.approval.notional.toNumber()])
    ).toEqual([["ETHUSD", "tight_smc_ob", 300, 2100]])
    const decision = allocate(
      { now: NOW, equity: new Decimal(10_000), candidates, positions: [], noSignalCycles: 0 },
      auctionParams
    )
    expect(decision.opens.map((o) => o.candidate.approval.notional.toNumber())).toEqual([2100])
  })
})
