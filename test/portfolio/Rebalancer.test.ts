import { describe, expect, it } from "@effect/vitest"
import { Decimal } from "../../src/domain/Money.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import {
  planTrims,
  type RebalanceInput,
  type RebalancePosition,
  type RebalancerParams
} from "../../src/portfolio/Rebalancer.ts"

const d = (n: number | string) => new Decimal(n)

const params: RebalancerParams = {
  auction_rebalancer_enabled: true,
  auction_rebalancer_trigger_pct_equity: 0.32,
  auction_rebalancer_clear_pct_equity: 0.24,
  auction_rebalancer_per_symbol_trim_cooldown_cycles: 2,
  auction_rebalancer_max_reductions_per_cycle: 1,
  auction_rebalancer_max_total_margin_reduced_pct_equity: 0.25
}

// equity 10 000: trigger 3 200, clear 2 400 notional
const pos = (symbol: string, notional: number, over: Partial<RebalancePosition> = {}): RebalancePosition => ({
  key: symbolKey(symbol),
  size: d(notional).div(100),
  notional: d(notional),
  leverage: d(7),
  locked: false,
  ...over
})

const plan = (positions: ReadonlyArray<RebalancePosition>, over: Partial<RebalanceInput> = {}, p = params) =>
  planTrims(
    {
      equity: d(10_000),
      cycle: 10,
      positions,
      closing: new Set(),
      tradingGated: false,
      lastTrimCycle: new Map(),
      ...over
    },
    p
  ).map((t) => ({ key: t.key, fraction: t.fraction.toNumber(), quantity: t.quantity.toNumber() }))

describe("planTrims", () => {
  it("trims the largest position above the trigger back to the clear level", () => {
    expect(plan([pos("ETH/USD", 3600), pos("BTC/USD", 4000), pos("SOL/USD", 3200)])).toEqual([
      { key: "BTCUSD", fraction: 0.4, quantity: 16 }
    ])
    expect(plan([pos("ETH/USD", 3200)])).toEqual([])
  })

  it("skips locked or closing positions unless trading is gated, and recently trimmed symbols", () => {
    const big = pos("BTC/USD", 4000, { locked: true })
    expect(plan([big, pos("ETH/USD", 3600)]).map((t) => t.key)).toEqual(["ETHUSD"])
    expect(plan([big], { tradingGated: true }).map((t) => t.key)).toEqual(["BTCUSD"])
    expect(plan([pos("BTC/USD", 4000)], { closing: new Set([symbolKey("BTC/USD")]) })).toEqual([])
    expect(plan([pos("BTC/USD", 4000)], { lastTrimCycle: new Map([[symbolKey("BTC/USD"), 8]]) })).toEqual([])
    expect(plan([pos("BTC/USD", 4000)], { lastTrimCycle: new Map([[symbolKey("BTC/USD"), 7]]) })).toHaveLength(1)
  })

  it("scales trims down so the margin released stays within its cap", () => {
    // two trims release (9 600 + 7 600) / 1 = 17 200 margin at 1×; cap 2 500 → scale 2 500 / 17 200
    const trims = plan(
      [pos("BTC/USD", 12_000, { leverage: d(1) }), pos("ETH/USD", 10_000, { leverage: d(1) })],
      {},
      {
        ...params,
        auction_rebalancer_max_reductions_per_cycle: 2
      }
    )
    expect(trims.map((t) => t.key)).toEqual(["BTCUSD", "ETHUSD"])
    const released = 12_000 * trims[0]!.fraction + 10_000 * trims[1]!.fraction
    expect(released).toBeCloseTo(2500, 6)
    expect(plan([pos("BTC/USD", 4000)], {}, { ...params, auction_rebalancer_enabled: false })).toEqual([])
  })
})
