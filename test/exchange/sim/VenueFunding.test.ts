import { describe, expect, it } from "vitest"
import { Decimal } from "../../../src/domain/Money.ts"
import { memoryBars, type VolumeBar } from "../../../src/exchange/sim/BarSource.ts"
import { SimVenue, type VenueFunding } from "../../../src/exchange/sim/SimVenue.ts"
import { submitOrder } from "../../../src/exchange/sim/SubmitOrder.ts"

const T0 = Date.UTC(2025, 0, 1)
const HOUR = 3_600_000

const flat = (price: number): ReadonlyArray<VolumeBar> =>
  Array.from({ length: 16 }, (_, i) => ({
    openTime: T0 + i * 900_000,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 1
  }))

const source = memoryBars("15m", { "BTC/USD": flat(50_000), "ETH/USD": flat(2_000) })

/** A venue holding long 0.1 XBT and short 1 ETH from T0, walked to 2 h 30. */
const fundedVenue = (funding?: VenueFunding): SimVenue => {
  const venue = SimVenue.make({
    symbols: ["BTC/USD", "ETH/USD"],
    source,
    startMs: T0,
    ...(funding && { funding })
  })
  venue.apply((s, t) =>
    submitOrder(s, { symbol: "PF_XBTUSD", side: "buy", type: "market", size: new Decimal("0.1") }, t)
  )
  venue.apply((s, t) =>
    submitOrder(s, { symbol: "PF_ETHUSD", side: "sell", type: "market", size: new Decimal("1") }, t)
  )
  venue.advanceTo(T0 + 2.5 * HOUR)
  return venue
}

const fundingEntries = (venue: SimVenue) =>
  venue.state.ledger
    .toArray()
    .filter((e) => e.kind === "funding")
    .map((e) => [e.symbol, (e.time - T0) / HOUR, e.fundingRate?.toString(), e.amount.toString()])

describe("SimVenue funding", () => {
  it("books the default 0.00125 %/h once per symbol and hour: longs pay, shorts receive", () => {
    const venue = fundedVenue()
    expect(venue.state.prices.PF_XBTUSD?.fundingRate.toString()).toBe("0.0000125")
    // XBT: 0.1 × 50 000 × 0.0000125 = 0.0625; ETH: 1 × 2 000 × 0.0000125 = 0.025
    expect(fundingEntries(venue)).toEqual([
      ["PF_ETHUSD", 1, "0.0000125", "0.025"],
      ["PF_XBTUSD", 1, "0.0000125", "-0.0625"],
      ["PF_ETHUSD", 2, "0.0000125", "0.025"],
      ["PF_XBTUSD", 2, "0.0000125", "-0.0625"]
    ])
  })

  it("takes per-symbol rates by spot or futures name; a negative rate pays longs", () => {
    const venue = fundedVenue({ rate: "0.0001", bySymbol: { "BTC/USD": "-0.0002", PF_ETHUSD: "0" } })
    expect(fundingEntries(venue)).toEqual([
      ["PF_ETHUSD", 1, "0", "0"],
      ["PF_XBTUSD", 1, "-0.0002", "1"],
      ["PF_ETHUSD", 2, "0", "0"],
      ["PF_XBTUSD", 2, "-0.0002", "1"]
    ])
  })

  it("accrues into the balance exactly", () => {
    const venue = fundedVenue()
    // Fees: 0.0005 × 5 000 + 0.0005 × 2 000 = 3.5; funding 2 × (0.025 − 0.0625) = −0.075
    expect(venue.state.balances.USD?.toString()).toBe("9996.425")
  })
})
