import { Duration, Effect, Layer, Schedule } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Exchange } from "../exchange/Exchange.ts"
import { executionTick } from "../execution/Execution.ts"
import { Executor } from "../execution/Executor.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import { Reconciler } from "../execution/Reconciler.ts"
import { liveLayer } from "../runtime/LiveLayers.ts"
import { differencesFrom, type PositionDifference } from "../soak/VenueTruth.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import { signedOf } from "./VenueWatch.ts"

export interface FinalState {
  readonly differences: ReadonlyArray<PositionDifference>
  readonly lostOrders: number
  readonly closedTrades: number
  readonly stillOpen: number
  readonly ticksCompleted: number
  /** `error` events the live runs recorded (failed ticks), first line each. */
  readonly errorEvents: ReadonlyArray<string>
  readonly protectionRepairs: number
}

const ROUNDS = 5
const ROUND_PAUSE = Duration.seconds(1)
/** A round that fails (the adapter still syncing) is retried this long. */
const ROUND_RETRY = Schedule.spaced("1 second").pipe(Schedule.upTo("30 seconds"))
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER }

/**
 * After the last live process stopped: the live layer over the same files and venue (as one more restart would
 * build it), its event router on, then settle, reconcile and protect until registry and venue agree (the
 * market keeps moving on the server, so a stop may fill between two reads), at most 5 rounds; the last
 * comparison counts. Then the records the runs left in the database.
 */
export const finalReconciliation = (config: AppConfigShape) =>
  Effect.gen(function* () {
    const registry = yield* PositionRegistry
    const exchange = yield* Exchange
    yield* (yield* Executor).eventRouter
    const compare = Effect.gen(function* () {
      yield* executionTick
      const audit = yield* (yield* Reconciler).audit
      const differences = differencesFrom(yield* registry.active, (yield* exchange.positions).map(signedOf))
      return { differences, lostOrders: audit.lost.length }
    })
    const round = Effect.retry(compare, ROUND_RETRY)
    let result = yield* round
    for (let n = 1; n < ROUNDS && (result.differences.length > 0 || result.lostOrders > 0); n++) {
      yield* Effect.sleep(ROUND_PAUSE)
      result = yield* round
    }
    const events = yield* SystemEventRepository
    return {
      ...result,
      closedTrades: (yield* (yield* TradeRepository).recent(Number.MAX_SAFE_INTEGER)).length,
      stillOpen: (yield* registry.active).length,
      ticksCompleted: (yield* events.byType("tick_completed", ALL_TIME)).length,
      errorEvents: (yield* events.byType("error", ALL_TIME)).map(
        (e) => String(e.details.failure ?? JSON.stringify(e.details)).split("\n", 1)[0] ?? ""
      ),
      protectionRepairs: (yield* events.byType("invariant_violation", ALL_TIME)).length
    } satisfies FinalState
  }).pipe(Effect.scoped, Effect.provide(liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))))
