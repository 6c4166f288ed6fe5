import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { TriggerReference } from "../../src/domain/Order.ts"
import type { ExchangeService, MarketTicker } from "../../src/exchange/Exchange.ts"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { clearOfEveryPrice, trailStops, triggerPrice } from "../../src/execution/StopTrailing.ts"
import type { TrailSettings } from "../../src/execution/Trailing.ts"
import { tickMarkets } from "../../src/runtime/TickMarkets.ts"
import { barTime, flat, scriptedSim, stopsOn } from "./InProcessRig.ts"
import {
  freshStorage,
  openedThroughExecutor,
  BTC as SPOT_BTC,
  supervisedLayer,
  tempRegistryFile,
  until,
  XBT
} from "./SimRig.ts"

const SETTINGS: TrailSettings = {
  enabled: true,
  atrMultiplier: new Decimal("1.5"),
  activationAtrMin: new Decimal(0),
  progressive: [],
  finalTargetAtrMultiplier: undefined,
  minMove: new Decimal("0.001")
}
const ATR = new Map([[SPOT_BTC, new Decimal(300)]])

/** The trailing step as the tick runs it, on the markets the tick read. */
const trail = Effect.flatMap(tickMarkets([SPOT_BTC]), (markets) =>
  trailStops(ATR, markets, new Set([SPOT_BTC]), SETTINGS)
)

/** The venue's one working stop reaches `price`. */
const venueStopAt = (exchange: ExchangeService, price: number) =>
  until(
    Effect.map(
      stopsOn(exchange),
      (stops) => stops.length === 1 && stops[0]!.triggerPrice.pipe(Option.exists((p) => p.eq(price)))
    )
  )

// Entry 50 000 (stop 49 000, TP1 50 750, TP2 51 500): up through TP1, on to 51 200 and 51 400, back to 51 000.
const WINNING = [
  ...flat(50_000, 4),
  [50_000, 50_800, 50_000, 50_800] as const,
  ...flat(50_800, 2),
  [50_800, 51_200, 50_800, 51_200] as const,
  ...flat(51_200, 2),
  [51_200, 51_400, 51_200, 51_400] as const,
  ...flat(51_400, 2),
  [51_400, 51_400, 51_000, 51_000] as const,
  ...flat(51_000, 3)
]

describe("trailing stop against the in-process simulator", () => {
  it.scopedLive("a winning long's stop ratchets up through atomic replacements and never back", () =>
    Effect.gen(function* () {
      const { venue, exchange, control } = yield* scriptedSim(WINNING)
      yield* exchange.watchTickers([XBT])
      yield* Effect.gen(function* () {
        const { registry, input } = yield* openedThroughExecutor(venue)
        yield* venueStopAt(exchange, 49_000)
        expect(yield* trail).toEqual([]) // no TP1 yet: the initial stop stays

        yield* control.advanceTo(barTime(5)) // TP1 fills at 50 750: break-even moves the stop to the entry
        yield* venueStopAt(exchange, 50_000)
        // 50 800 − 1.5 × 300
        expect(yield* trail).toEqual([input.positionId])
        yield* venueStopAt(exchange, 50_350)
        yield* control.advanceTo(barTime(8))
        expect(yield* trail).toEqual([input.positionId])
        yield* venueStopAt(exchange, 50_750)
        yield* control.advanceTo(barTime(11))
        expect(yield* trail).toEqual([input.positionId])
        yield* venueStopAt(exchange, 50_950)
        yield* control.advanceTo(barTime(14)) // back to 51 000: 50 550 would loosen the stop
        expect(yield* trail).toEqual([])

        const stopsOf = Effect.map(registry.get(input.positionId), (r) => ordersWithRole(Option.getOrThrow(r), "stop"))
        // The replaced stops' cancellations arrive as venue updates
        yield* until(Effect.map(stopsOf, (stops) => stops.filter((o) => o.status === "cancelled").length === 4))
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect([record.state, record.trailingActive, record.stopPrice.toString()]).toEqual(["PARTIAL", true, "50950"])
        const stops = yield* stopsOf
        expect(stops.map((o) => o.price?.toString())).toEqual(["49000", "50000", "50350", "50750", "50950"])
        expect(stops.map((o) => o.status)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled", "working"])
        expect(stops.at(-1)!.quantity.toString()).toBe("0.006")
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive("the stop trails on the configured trigger price; stale market data keeps the stop", () =>
    Effect.gen(function* () {
      const { venue, exchange, control } = yield* scriptedSim(WINNING)
      yield* exchange.watchTickers([XBT])
      yield* Effect.gen(function* () {
        const { input } = yield* openedThroughExecutor(venue)
        yield* control.advanceTo(barTime(5)) // TP1 fills: break-even moves the stop to the entry (50 000)
        yield* venueStopAt(exchange, 50_000)
        const markets = yield* tickMarkets([SPOT_BTC])
        // The feed check found BTC's data stale: the rule would move the stop, the position keeps it
        expect(yield* trailStops(ATR, markets, new Set(), SETTINGS)).toEqual([])
        expect(yield* trailStops(ATR, markets, new Set([SPOT_BTC]), SETTINGS)).toEqual([input.positionId])
        yield* venueStopAt(exchange, 50_350)
        expect(venue.state.openOrders.filter((o) => o.type === "stop").map((o) => o.triggerReference)).toEqual(["last"])
      }).pipe(
        Effect.provide(
          supervisedLayer(
            exchange,
            tempRegistryFile(),
            freshStorage(),
            {},
            {},
            { ...DEFAULT_RULES, stopTrigger: "last" }
          )
        )
      )
    })
  )
})

describe("the price trailing compares with", () => {
  const ticker = (prices: { last: number; mark?: number; index?: number }): MarketTicker => ({
    symbol: XBT,
    bid: new Decimal(prices.last),
    ask: new Decimal(prices.last),
    last: new Decimal(prices.last),
    markPrice: Option.map(Option.fromNullable(prices.mark), (p) => new Decimal(p)),
    indexPrice: Option.map(Option.fromNullable(prices.index), (p) => new Decimal(p)),
    fundingRate: Option.none(),
    volume24h: Option.none(),
    receivedAt: 0
  })
  const price = (t: MarketTicker, reference: TriggerReference) => triggerPrice(t, reference).toNumber()

  it("is the one the stops trigger on when the ticker has it", () => {
    const all = ticker({ last: 100, mark: 101, index: 102 })
    expect([price(all, "last"), price(all, "mark"), price(all, "index")]).toEqual([100, 101, 102])
  })

  it("a new stop must be clear of every price the ticker has, on the protective side", () => {
    // The index is absent and the last price spiked: a long's stop moved by it could sit above the mark
    const spiked = ticker({ last: 110, mark: 100 })
    expect(clearOfEveryPrice("long", new Decimal(99), spiked)).toBe(true)
    expect(clearOfEveryPrice("long", new Decimal(100), spiked)).toBe(false)
    expect(clearOfEveryPrice("long", new Decimal(105), spiked)).toBe(false)
    const dipped = ticker({ last: 90, mark: 100, index: 101 })
    expect(clearOfEveryPrice("short", new Decimal(102), dipped)).toBe(true)
    expect(clearOfEveryPrice("short", new Decimal(100.5), dipped)).toBe(false)
  })

  it("falls back to index, then mark, then last (Kraken's ticker need not carry index or mark)", () => {
    expect(price(ticker({ last: 100, mark: 101 }), "index")).toBe(101)
    expect(price(ticker({ last: 100 }), "index")).toBe(100)
    expect(price(ticker({ last: 100, index: 102 }), "mark")).toBe(102)
    expect(price(ticker({ last: 100 }), "mark")).toBe(100)
  })
})
