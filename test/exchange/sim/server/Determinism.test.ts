import { describe, expect, it } from "vitest"
import { Decimal } from "../../../../src/domain/Money.ts"
import { FaultInjector } from "../../../../src/exchange/sim/faults/Faults.ts"
import type { SimEvent } from "../../../../src/exchange/sim/SimEvent.ts"
import { submitOrder } from "../../../../src/exchange/sim/SubmitOrder.ts"
import { BAR, makeVenue, T0 } from "./Harness.ts"

/** One scripted session: orders placed between price steps, every event logged as JSON. */
const session = (seed: number): string => {
  const venue = makeVenue(
    new FaultInjector({ seed, priceGap: { rate: 0.05, pct: 2 }, partialFill: { fillRatio: "0.5" } }),
    seed
  )
  const log: Array<SimEvent> = []
  venue.subscribe((events) => log.push(...events))
  const price = () => venue.state.prices.PF_XBTUSD!.last
  for (let i = 1; i <= 48; i++) {
    if (i % 6 === 0) {
      const side = i % 12 === 0 ? "sell" : "buy"
      venue.apply((state, time) =>
        submitOrder(state, { symbol: "PF_XBTUSD", side, type: "market", size: new Decimal("0.02") }, time)
      )
      venue.apply((state, time) =>
        submitOrder(
          state,
          {
            symbol: "PF_XBTUSD",
            side: "buy",
            type: "limit",
            size: new Decimal("0.01"),
            limitPrice: price().mul("0.995").toNearest(1)
          },
          time
        )
      )
    }
    venue.advanceTo(T0 + i * BAR)
  }
  return JSON.stringify(log)
}

describe("determinism", () => {
  it("gives the same event log byte for byte for the same seed and steps", () => {
    const first = session(7)
    expect(first.length).toBeGreaterThan(1000)
    expect(first).toContain('"order_filled"')
    expect(session(7)).toBe(first)
    expect(session(8)).not.toBe(first)
  })
})
