import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { makeEventPump } from "../../src/backtest/EventPump.ts"
import { makeVirtualClock } from "../../src/backtest/VirtualClock.ts"
import { ExchangeEvent } from "../../src/exchange/Exchange.ts"
import { MarketClock } from "../../src/market/MarketClock.ts"

describe("makeVirtualClock", () => {
  it.effect("serves one time to Effect's Clock and the MarketClock; sleeping moves it on without waiting", () => {
    const virtual = makeVirtualClock(1_000)
    return Effect.gen(function* () {
      const market = yield* MarketClock
      expect(yield* Clock.currentTimeMillis).toBe(1_000)
      virtual.advanceTo(5_000)
      expect(yield* Clock.currentTimeMillis).toBe(5_000)
      expect(yield* market.now).toBe(5_000)
      // An hour's sleep returns at once, an hour later in market time
      yield* Effect.sleep("1 hour")
      expect(yield* Clock.currentTimeMillis).toBe(5_000 + 3_600_000)
      // Never back: a step behind a sleep leaves the time alone
      virtual.advanceTo(6_000)
      expect(yield* market.now).toBe(5_000 + 3_600_000)
      expect(market.realDelayMs(60_000)).toBe(0)
    }).pipe(Effect.provide(virtual.marketClock), Effect.withClock(virtual.clock))
  })
})

const resynced = (at: number) => ExchangeEvent.Resynced({ at })

describe("makeEventPump", () => {
  it.effect("routes queued events oldest first, including those routing itself queues, until none is left", () =>
    Effect.gen(function* () {
      const pump = makeEventPump()
      const routed: Array<number> = []
      pump.push([resynced(1), resynced(2)])
      const count = yield* pump.drain((event) =>
        Effect.sync(() => {
          const at = event._tag === "Resynced" ? event.at : -1
          routed.push(at)
          // Routing event 1 causes event 3 (an order placed in answer to a fill, say)
          if (at === 1) pump.push([resynced(3)])
        })
      )
      expect(routed).toEqual([1, 2, 3])
      expect(count).toBe(3)
      expect(yield* pump.drain(() => Effect.die("nothing should be left"))).toBe(0)
    })
  )
})
