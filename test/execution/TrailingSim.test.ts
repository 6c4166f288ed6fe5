import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import { trailStops } from "../../src/execution/StopTrailing.ts"
import type { TrailSettings } from "../../src/execution/Trailing.ts"
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
        const venueStopAt = (price: number) =>
          until(
            Effect.map(
              stopsOn(exchange),
              (stops) => stops.length === 1 && stops[0]!.triggerPrice.pipe(Option.exists((p) => p.eq(price)))
            )
          )
        yield* venueStopAt(49_000)
        expect(yield* trailStops(ATR, SETTINGS)).toEqual([]) // no TP1 yet: the initial stop stays

        yield* control.advanceTo(barTime(5)) // TP1 fills at 50 750: break-even moves the stop to the entry
        yield* venueStopAt(50_000)
        // 50 800 − 1.5 × 300
        expect(yield* trailStops(ATR, SETTINGS)).toEqual([input.positionId])
        yield* venueStopAt(50_350)
        yield* control.advanceTo(barTime(8))
        expect(yield* trailStops(ATR, SETTINGS)).toEqual([input.positionId])
        yield* venueStopAt(50_750)
        yield* control.advanceTo(barTime(11))
        expect(yield* trailStops(ATR, SETTINGS)).toEqual([input.positionId])
        yield* venueStopAt(50_950)
        yield* control.advanceTo(barTime(14)) // back to 51 000: 50 550 would loosen the stop
        expect(yield* trailStops(ATR, SETTINGS)).toEqual([])

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
})
