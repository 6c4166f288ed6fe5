import { describe, expect, it } from "@effect/vitest"
import { Random } from "../../../src/domain/Random.ts"
import type { EngineState } from "../../../src/exchange/sim/EngineState.ts"
import { marginSummary } from "../../../src/exchange/sim/Margin.ts"
import { surelyAboveMaintenance } from "../../../src/exchange/sim/MarginScreen.ts"
import type { Position, PricePoint } from "../../../src/exchange/sim/SimEvent.ts"
import { d, ETH, newEngine, T0, XBT } from "./SimDriver.ts"

/** An account holding `usd` (and 0.1 XBT collateral) with one position per entry, each symbol marked at `mark`. */
const account = (
  usd: string,
  holdings: ReadonlyArray<{ symbol: string; size: string; entry: string; mark: string }>
) => {
  const state: EngineState = newEngine({ balances: { USD: usd, XBT: "0.1" } })
  const prices: Record<string, PricePoint> = {}
  const positions: Record<string, Position> = {}
  for (const { symbol, size, entry, mark } of holdings) {
    prices[symbol] = { time: T0, last: d(mark), mark: d(mark), index: d(mark), fundingRate: d(0) }
    positions[symbol] = {
      symbol,
      size: d(size),
      entryPrice: d(entry),
      realizedPnl: d(0),
      funding: d(0),
      openedAt: T0,
      updatedAt: T0
    }
  }
  return { ...state, prices, positions }
}

const exactlyAbove = (view: EngineState): boolean => {
  const summary = marginSummary(view)
  return summary.portfolioValue.gte(summary.maintenanceMargin)
}

describe("maintenance screen", () => {
  it("clears an account far above maintenance without the exact figures", () => {
    const view = account("10000", [{ symbol: XBT.symbol, size: "0.1", entry: "50000", mark: "51000" }])
    expect(surelyAboveMaintenance(view)).toBe(true)
  })

  it("leaves an account at, just above or under maintenance to the exact figures", () => {
    // 1 XBT long from 50,000 marked at 40,000 holds 10,000 − 10,000 + 0.1 × 40,000 = 4,000 against 400 maintenance
    const at = (usd: string) => account(usd, [{ symbol: XBT.symbol, size: "1", entry: "50000", mark: "40000" }])
    expect(marginSummary(at("6400")).portfolioValue.toString()).toBe("400")
    expect(surelyAboveMaintenance(at("6400"))).toBe(false)
    expect(surelyAboveMaintenance(at("6400.00000001"))).toBe(false)
    expect(exactlyAbove(at("6400.00000001"))).toBe(true)
    expect(surelyAboveMaintenance(at("6399.99999999"))).toBe(false)
    expect(exactlyAbove(at("6399.99999999"))).toBe(false)
  })

  it("never clears an account the exact figures put under maintenance (seeded random accounts)", () => {
    const random = new Random(20261125, "margin-screen")
    let cleared = 0
    for (let run = 0; run < 2_000; run++) {
      const mark = random.between(100, 60_000)
      const view = account(random.between(-5_000, 20_000).toFixed(8), [
        {
          symbol: XBT.symbol,
          size: (random.int(-5_000, 5_000) / 1000).toFixed(4),
          entry: (mark * random.between(0.9, 1.1)).toFixed(1),
          mark: mark.toFixed(1)
        },
        {
          symbol: ETH.symbol,
          size: (random.int(-50_000, 50_000) / 1000).toFixed(3),
          entry: random.between(1_000, 5_000).toFixed(1),
          mark: random.between(1_000, 5_000).toFixed(1)
        }
      ])
      if (!surelyAboveMaintenance(view)) continue
      cleared += 1
      expect(exactlyAbove(view)).toBe(true)
    }
    expect(cleared).toBeGreaterThan(200)
  })
})
