import { describe, expect, it } from "@effect/vitest"
import {
  ceilToStep,
  defaultInstruments,
  floorToStep,
  isOnGrid,
  makeInstrument
} from "../../../src/exchange/sim/SimInstrument.ts"
import { d } from "./SimDriver.ts"

describe("SimInstrument", () => {
  it("builds decimals from inputs and defaults the quote and the minimum size to one step", () => {
    const instrument = makeInstrument({
      symbol: "PF_TESTUSD",
      base: "TEST",
      tickSize: "0.25",
      contractStep: 0.1,
      maxLeverage: 20,
      maintenanceMarginRate: "0.025",
      makerFeeRate: "0.0001",
      takerFeeRate: "0.0004"
    })
    expect(instrument.quote).toBe("USD")
    expect(instrument.minSize.toString()).toBe("0.1")
    expect(instrument.tickSize.toString()).toBe("0.25")
    expect(instrument.maintenanceMarginRate.toString()).toBe("0.025")
  })

  it("lists default PF_ instruments keyed by distinct symbols", () => {
    const symbols = defaultInstruments.map((instrument) => instrument.symbol)
    expect(symbols).toEqual(["PF_XBTUSD", "PF_ETHUSD", "PF_SOLUSD"])
    expect(defaultInstruments[0]?.base).toBe("XBT")
  })

  it("checks and rounds to non-power-of-ten grids exactly", () => {
    expect(isOnGrid(d("50000.5"), d("0.5"))).toBe(true)
    expect(isOnGrid(d("50000.25"), d("0.5"))).toBe(false)
    expect(floorToStep(d("0.12345"), d("0.0001")).toString()).toBe("0.1234")
    expect(ceilToStep(d("0.12341"), d("0.0001")).toString()).toBe("0.1235")
    expect(floorToStep(d("50209.81"), d("0.5")).toString()).toBe("50209.5")
    expect(ceilToStep(d("50209.81"), d("0.5")).toString()).toBe("50210")
  })
})
