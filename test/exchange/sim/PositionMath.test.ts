import { describe, expect, it } from "@effect/vitest"
import { applyFill, flatPosition, unrealizedPnl } from "../../../src/exchange/sim/PositionMath.ts"
import { d, T0 } from "./SimDriver.ts"

const flat = flatPosition("PF_XBTUSD", T0)

describe("PositionMath", () => {
  it("adding keeps a size-weighted average entry", () => {
    const first = applyFill(flat, "buy", d("0.1"), d("50000"), T0, 8)
    const second = applyFill(first.position, "buy", d("0.3"), d("52000"), T0 + 1, 8)
    expect(second.position.size.toString()).toBe("0.4")
    expect(second.position.entryPrice.toString()).toBe("51500")
    expect(second.realizedPnl.toString()).toBe("0")
    expect(second.position.openedAt).toBe(T0)
  })

  it("reducing realises P&L at the entry and keeps the entry", () => {
    const short = applyFill(flat, "sell", d("0.5"), d("3000"), T0, 8).position
    const reduced = applyFill(short, "buy", d("0.2"), d("2900"), T0 + 1, 8)
    expect(reduced.position.size.toString()).toBe("-0.3")
    expect(reduced.position.entryPrice.toString()).toBe("3000")
    expect(reduced.realizedPnl.toString()).toBe("20")
    expect(reduced.position.realizedPnl.toString()).toBe("20")
  })

  it("closing to zero resets the entry", () => {
    const long = applyFill(flat, "buy", d("0.1"), d("50000"), T0, 8).position
    const closed = applyFill(long, "sell", d("0.1"), d("49000"), T0 + 1, 8)
    expect(closed.position.size.isZero()).toBe(true)
    expect(closed.position.entryPrice.toString()).toBe("0")
    expect(closed.realizedPnl.toString()).toBe("-100")
  })

  it("crossing zero closes the old side and opens the rest at the fill price", () => {
    const long = applyFill(flat, "buy", d("0.1"), d("50000"), T0, 8).position
    const flipped = applyFill(long, "sell", d("0.25"), d("51000"), T0 + 5, 8)
    expect(flipped.realizedPnl.toString()).toBe("100")
    expect(flipped.position.size.toString()).toBe("-0.15")
    expect(flipped.position.entryPrice.toString()).toBe("51000")
    expect(flipped.position.realizedPnl.toString()).toBe("0")
    expect(flipped.position.openedAt).toBe(T0 + 5)
  })

  it("unrealised P&L is signed size times (mark − entry)", () => {
    const short = applyFill(flat, "sell", d("2"), d("100"), T0, 8).position
    expect(unrealizedPnl(short, d("90.5")).toString()).toBe("19")
    expect(unrealizedPnl(short, d("101")).toString()).toBe("-2")
  })

  it("rounds realised P&L half-even to the cash decimals, whatever the average entry's digits", () => {
    const first = applyFill(flat, "buy", d("0.3"), d("100"), T0, 8).position
    const second = applyFill(first, "buy", d("0.6"), d("101"), T0, 8).position
    expect(second.entryPrice.toString()).toBe("100.6666666666666666666666667")
    const closed = applyFill(second, "sell", d("0.9"), d("102"), T0, 8)
    expect(closed.realizedPnl.toString()).toBe("1.2")
    expect(applyFill(second, "sell", d("0.9"), d("102"), T0, 30).realizedPnl.toString()).toBe(
      "1.19999999999999999999999997"
    )
  })
})
