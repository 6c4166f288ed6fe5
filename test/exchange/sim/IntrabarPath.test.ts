import { describe, expect, it } from "@effect/vitest"
import { intrabarEvents, intrabarPath, mergedIntrabarEvents } from "../../../src/exchange/sim/IntrabarPath.ts"
import { d, HOUR, SimDriver, T0 } from "./SimDriver.ts"

const points = (bar: Parameters<typeof intrabarPath>[0], duration = HOUR) =>
  intrabarPath(bar, duration).map((point) => [point.time - bar.openTime, point.price.toString()])

describe("intrabar path", () => {
  it("an up bar (close ≥ open) goes open → low → high → close", () => {
    expect(points({ openTime: T0, open: 100, high: 110, low: 95, close: 105 })).toEqual([
      [0, "100"],
      [1_200_000, "95"],
      [2_400_000, "110"],
      [HOUR - 1, "105"]
    ])
    expect(points({ openTime: T0, open: 100, high: 101, low: 99, close: 100 }).map(([, price]) => price)).toEqual([
      "100",
      "99",
      "101",
      "100"
    ])
  })

  it("a down bar goes open → high → low → close, and float inputs become their shortest decimal", () => {
    expect(points({ openTime: T0, open: 0.3, high: 0.30000000000000004, low: 0.1, close: 0.2 }, 900_000)).toEqual([
      [0, "0.3"],
      [300_000, "0.30000000000000004"],
      [600_000, "0.1"],
      [899_999, "0.2"]
    ])
    expect(
      points({ openTime: T0, open: d("50000.5"), high: d("50001"), low: d("49000"), close: d("49500") })[1]
    ).toEqual([1_200_000, "50001"])
  })

  it("resolves a stop and a take-profit inside one bar in the path's order", () => {
    const run = (close: number) => {
      const sim = new SimDriver()
      sim.price(50_000, { time: T0 - 1 })
      sim.submit({ side: "buy", type: "market", size: "0.1" }, T0 - 1)
      sim.submit({ side: "sell", type: "stop", size: "0.1", triggerPrice: "49000", reduceOnly: true }, T0 - 1)
      sim.submit({ side: "sell", type: "take_profit", size: "0.1", triggerPrice: "51000", reduceOnly: true }, T0 - 1)
      const bar = { openTime: T0, open: 50_000, high: 51_500, low: 48_500, close }
      for (const event of intrabarEvents("PF_XBTUSD", bar, HOUR)) sim.price(event.last, { time: event.time })
      return sim.state.fills
        .toArray()
        .slice(1)
        .map((fill) => fill.price.toString())
    }
    // Up bar: the low comes first, so the stop fills; the take-profit is then cancelled as it cannot reduce
    expect(run(50_500)).toEqual(["48500"])
    // Down bar: the high comes first, so the take-profit fills
    expect(run(49_500)).toEqual(["51500"])
  })

  it("merges several symbols into one stream ordered by time, then symbol", () => {
    const bar = (openTime: number, open: number) => ({ openTime, open, high: open + 2, low: open - 1, close: open + 1 })
    const events = mergedIntrabarEvents(
      [
        { symbol: "PF_XBTUSD", bars: [bar(T0, 100), bar(T0 + HOUR, 101)] },
        { symbol: "PF_ETHUSD", bars: [bar(T0 + HOUR, 10)] }
      ],
      HOUR
    )
    expect(events.map((event) => [event.time - T0, event.symbol, event.last.toString()])).toEqual([
      [0, "PF_XBTUSD", "100"],
      [1_200_000, "PF_XBTUSD", "99"],
      [2_400_000, "PF_XBTUSD", "102"],
      [HOUR - 1, "PF_XBTUSD", "101"],
      [HOUR, "PF_ETHUSD", "10"],
      [HOUR, "PF_XBTUSD", "101"],
      [HOUR + 1_200_000, "PF_ETHUSD", "9"],
      [HOUR + 1_200_000, "PF_XBTUSD", "100"],
      [HOUR + 2_400_000, "PF_ETHUSD", "12"],
      [HOUR + 2_400_000, "PF_XBTUSD", "103"],
      [2 * HOUR - 1, "PF_ETHUSD", "11"],
      [2 * HOUR - 1, "PF_XBTUSD", "102"]
    ])
  })
})
