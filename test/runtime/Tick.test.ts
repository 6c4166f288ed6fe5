import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { MarketClock } from "../../src/market/MarketClock.ts"
import { surviveTickFailure } from "../../src/runtime/Tick.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"

const layer = Layer.merge(StorageLive({ databaseUrl: Option.none(), sqlitePath: ":memory:" }), MarketClock.live)
const everything = { from: 0, to: Number.MAX_SAFE_INTEGER }

describe("surviveTickFailure", () => {
  it.effect("a failed or crashed tick is recorded as an error event and does not fail the loop", () =>
    Effect.gen(function* () {
      yield* surviveTickFailure(4)(Effect.fail("candles unavailable"))
      yield* surviveTickFailure(5)(Effect.die(new Error("unexpected defect")))
      const errors = yield* (yield* SystemEventRepository).byType("error", everything)
      expect(errors.map((e) => e.details.tick)).toEqual([4, 5])
      expect(String(errors[0]?.details.failure)).toContain("candles unavailable")
      expect(String(errors[1]?.details.failure)).toContain("unexpected defect")
    }).pipe(Effect.provide(layer))
  )

  it.effect("a successful tick records nothing", () =>
    Effect.gen(function* () {
      yield* surviveTickFailure(1)(Effect.void)
      expect(yield* (yield* SystemEventRepository).byType("error", everything)).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})
