import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { startExecution } from "../../../src/execution/Execution.ts"
import { Executor } from "../../../src/execution/Executor.ts"
import { protectBeforeFirstTick } from "../../../src/runtime/Startup.ts"
import { flat, scriptedSim, stopsOn } from "../../execution/InProcessRig.ts"
import { freshStorage, openInput, supervisedLayer, tempRegistryFile, until } from "../../execution/SimRig.ts"

describe("the start-up safety gate", () => {
  it.scopedLive("a position whose stop vanished while no process ran gets its stop back before the first tick", () =>
    Effect.gen(function* () {
      const { venue, exchange } = yield* scriptedSim(flat(50_000, 8))
      const registryFile = tempRegistryFile()
      const storage = freshStorage()
      // The first process opens a protected long, then dies
      yield* Effect.scoped(
        Effect.gen(function* () {
          const executor = yield* Executor
          yield* executor.eventRouter
          yield* executor.open(yield* openInput(venue, "long"))
          yield* until(Effect.map(stopsOn(exchange), (stops) => stops.length === 1))
        }).pipe(Effect.provide(supervisedLayer(exchange, registryFile, storage)))
      )
      // While nothing runs, the stop goes (cancelled by hand, or the old half of a stop move the crash cut short)
      const [gone] = yield* stopsOn(exchange)
      yield* exchange.cancelOrder({ orderId: gone!.orderId })
      expect(yield* stopsOn(exchange)).toEqual([])

      // The next process: start-up phases, then the gate; no tick has run yet
      yield* Effect.scoped(
        Effect.gen(function* () {
          const started = yield* startExecution
          expect(started.takeover.adopted).toEqual([])
          // Intent recovery and takeover leave a managed position's missing stop to protection
          expect(yield* stopsOn(exchange)).toEqual([])
          yield* protectBeforeFirstTick
          const stops = yield* stopsOn(exchange)
          expect(stops.map((s) => [s.side, s.quantity.toString(), s.reduceOnly])).toEqual([["sell", "0.01", true]])
          expect(stops[0]!.orderId).not.toBe(gone!.orderId)
        }).pipe(Effect.provide(supervisedLayer(exchange, registryFile, storage)))
      )
    })
  )
})
