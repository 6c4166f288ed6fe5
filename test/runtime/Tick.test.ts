import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { MarketClock } from "../../src/market/MarketClock.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
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

  it.effect("a failed tick is reported to the alert sink when the process has one", () =>
    Effect.gen(function* () {
      const reported: Array<readonly [string, string]> = []
      const sink = Layer.succeed(AlertSink, {
        notify: () => Effect.void,
        reportError: (kind, message) => Effect.sync(() => void reported.push([kind, message]))
      })
      yield* surviveTickFailure(7)(Effect.fail("venue unreachable")).pipe(Effect.provide(sink))
      expect(reported.map(([kind]) => kind)).toEqual(["tick"])
      expect(reported[0]?.[1]).toContain("venue unreachable")
    }).pipe(Effect.provide(layer))
  )

  it.effect("a successful tick records nothing", () =>
    Effect.gen(function* () {
      yield* surviveTickFailure(1)(Effect.void)
      expect(yield* (yield* SystemEventRepository).byType("error", everything)).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})
