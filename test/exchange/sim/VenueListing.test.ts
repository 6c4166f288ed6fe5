import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ClientOrderId } from "../../../src/domain/Order.ts"
import { FuturesSymbol } from "../../../src/domain/Symbols.ts"
import { SimExchange } from "../../../src/exchange/sim/inprocess/SimExchange.ts"
import { advancePrice } from "../../../src/exchange/sim/PriceFeed.ts"
import { SimVenue } from "../../../src/exchange/sim/SimVenue.ts"
import { onTick } from "../../../src/exchange/sim/VenueInstruments.ts"

const START = Date.UTC(2026, 0, 1)
/** A venue with no contract and no bars: every contract comes from `list`, as on paper trading on Kraken. */
const emptyVenue = () =>
  SimVenue.make({ symbols: [], source: { timeframe: "15m", startMs: START, symbols: [], bars: () => [] } })

describe("SimVenue.list", () => {
  it.scoped("lists a contract while the venue runs, once, sized from its price, and trades it", () =>
    Effect.gen(function* () {
      const venue = emptyVenue()
      const { exchange } = yield* SimExchange.make(venue)
      expect(yield* exchange.contracts).toEqual([])

      expect(venue.list("XRP/USD", 2.5)).toBe(true)
      expect(venue.list("XRP/USD", 300)).toBe(false)
      expect(venue.list("not a symbol", 1)).toBe(false)
      expect(venue.listings.map((l) => l.futures)).toEqual(["PF_XRPUSD"])
      const [contract] = yield* exchange.contracts
      expect(contract?.symbol).toBe("PF_XRPUSD")
      // The grid of the first price (2.5: five significant digits), not the second (300 would give 0.01)
      expect(contract?.tickSize.toString()).toBe("0.0001")

      const instrument = venue.state.instruments.PF_XRPUSD!
      venue.apply((state, time) => advancePrice(state, { symbol: "PF_XRPUSD", time, last: onTick(2.5, instrument) }))
      yield* exchange.placeOrder({
        clientOrderId: ClientOrderId.make("xrp"),
        symbol: FuturesSymbol.make("PF_XRPUSD"),
        side: "buy",
        type: "market",
        quantity: instrument.contractStep.times(100),
        reduceOnly: false,
        postOnly: false
      })
      const [position] = yield* exchange.positions
      expect(position?.entryPrice.toString()).toBe("2.5")
    })
  )
})
