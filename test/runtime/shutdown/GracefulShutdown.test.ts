import { describe, expect, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Exit, Fiber, Layer, Option } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import type { AppConfigShape } from "../../../src/config/schema/AppConfigSchema.ts"
import { testConfigSync } from "../../../src/config/TestConfig.ts"
import { PositionRegistry } from "../../../src/execution/PositionRegistry.ts"
import { ShutdownTimedOut, stopGracefully } from "../../../src/runtime/background/GracefulShutdown.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { duplicateClientOrderIds, positionDifferences, stopCoverage } from "../../../src/soak/VenueTruth.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { liveConfigOn, stateDir, warmSimServer } from "./WarmSimServer.ts"

const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
/** Seed 3 opens positions within the first ticks on the warmed market. */
const SEED = 3

/** The embedded venue and in-memory storage: the services a stop needs, nothing run. */
const embedded = testConfigSync({
  config: { storage: { sqlite_path: ":memory:", positions_db_path: ":memory:" }, dashboard: { enabled: false } }
})

const withLive = (config: AppConfigShape) => liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))

/** Waits (bounded, real time) until `count` reaches `atLeast`. */
const awaitCount = <R>(count: Effect.Effect<number, never, R>, atLeast: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < 600; i++) {
      if ((yield* count) >= atLeast) return
      yield* Effect.sleep("100 millis")
    }
    return yield* Effect.dieMessage(`still fewer than ${atLeast} after 60 s`)
  })

const completedTicks = Effect.flatMap(SystemEventRepository, (events) =>
  Effect.map(events.byType("tick_completed", all), (ticks) => ticks.length)
)

describe("graceful shutdown of trading live", () => {
  it.live(
    "a stop while an entry is in flight leaves every position protected and no intent open; a restart on the same files continues",
    () =>
      Effect.gen(function* () {
        const server = yield* warmSimServer({ seed: SEED, speed: 3000 })
        const config = liveConfigOn(server.server.url, yield* stateDir)
        // The moment the venue accepts an entry (a market order that is not reduce-only), the stop is requested
        const entryAccepted = yield* Deferred.make<string>()
        server.venue.subscribe((events) => {
          for (const e of events) {
            if (e.type === "order_accepted" && !e.order.reduceOnly) {
              Deferred.unsafeDone(entryAccepted, Exit.succeed(e.order.symbol))
            }
          }
        })

        const first = yield* Effect.gen(function* () {
          const program = yield* Effect.fork(liveProgram({ maxTicks: Option.none() }))
          yield* Deferred.await(entryAccepted).pipe(Effect.timeout("60 seconds"))
          const ticksAtSignal = yield* completedTicks
          const startedStop = yield* Clock.currentTimeMillis
          yield* Fiber.interrupt(program)
          const stopSeconds = ((yield* Clock.currentTimeMillis) - startedStop) / 1_000

          // The tick in progress finished (and recorded itself) before the stop
          expect(yield* completedTicks).toBe(ticksAtSignal + 1)
          expect(stopSeconds).toBeLessThan(config.runtime.shutdown_timeout_seconds)
          const coverage = stopCoverage(server.venue.state)
          expect(coverage.length).toBeGreaterThan(0)
          for (const c of coverage) expect([c.symbol, c.covered.gte(c.size)]).toEqual([c.symbol, true])
          const registry = yield* PositionRegistry
          expect(yield* registry.unresolvedIntents).toEqual([])
          const [shutdown] = yield* (yield* SystemEventRepository).byType("shutdown", all)
          expect(shutdown?.details).toMatchObject({
            reason: "signal",
            unresolvedIntents: 0,
            pendingEntries: 0,
            unprotected: 0,
            unsettled: 0
          })
          return {
            ticks: yield* completedTicks,
            positions: (yield* registry.active).map((p) => p.positionId)
          }
        }).pipe(Effect.provide(withLive(config)))
        expect(first.positions.length).toBeGreaterThan(0)

        // The same files (registry, database, nonce file) and the same venue: a new process continues
        yield* Effect.gen(function* () {
          const program = yield* Effect.fork(liveProgram({ maxTicks: Option.none() }))
          yield* awaitCount(completedTicks, first.ticks + 2)
          yield* server.freeze
          yield* Fiber.interrupt(program)

          const registry = yield* PositionRegistry
          const active = yield* registry.active
          expect(positionDifferences(active, server.venue.state)).toEqual([])
          expect(duplicateClientOrderIds(server.venue.state)).toEqual([])
          for (const c of stopCoverage(server.venue.state))
            expect([c.symbol, c.covered.gte(c.size)]).toEqual([c.symbol, true])
          // The first run's positions are the same records (closed since, or still open), none taken over anew
          for (const id of first.positions) expect(Option.isSome(yield* registry.get(id))).toBe(true)
          const [, restart] = yield* (yield* SystemEventRepository).byType("startup", all)
          expect(restart?.details.positions).toBeGreaterThan(0)
          const events = yield* SystemEventRepository
          expect(yield* events.byType("startup", all)).toHaveLength(2)
          expect((yield* events.byType("shutdown", all)).map((e) => e.details.reason)).toEqual(["signal", "signal"])
          expect(yield* events.byType("error", all)).toEqual([])
          const adoptions = (yield* events.byType("takeover", all)).filter((e) => e.details.positionId !== undefined)
          expect(adoptions).toEqual([])
        }).pipe(Effect.provide(withLive(config)))
      }).pipe(Effect.scoped),
    120_000
  )

  it.live(
    "a stop that cannot finish within runtime.shutdown_timeout_seconds fails with ShutdownTimedOut, on time",
    () =>
      Effect.gen(function* () {
        // A tick that never ends (a venue call hanging past every timeout)
        const hung = yield* Effect.forkDaemon(Effect.uninterruptible(Effect.sleep("30 seconds")))
        const startedAt = yield* Clock.currentTimeMillis
        const failure = yield* Effect.flip(stopGracefully(hung, { timeout: "300 millis", reason: "signal" }))
        const waited = (yield* Clock.currentTimeMillis) - startedAt
        expect(failure).toBeInstanceOf(ShutdownTimedOut)
        expect(failure.message).toContain("runtime.shutdown_timeout_seconds (0.3 s)")
        expect(waited).toBeGreaterThanOrEqual(290)
        expect(waited).toBeLessThan(2_000)
        expect(yield* (yield* SystemEventRepository).byType("shutdown", all)).toEqual([])
      }).pipe(Effect.provide(withLive(embedded)))
  )
})
