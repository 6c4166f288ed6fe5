import { Cause, Clock, Duration, Effect, Exit, Fiber, Layer, Logger, LogLevel, Option, Ref, Schedule } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { FaultKind } from "../exchange/sim/faults/Faults.ts"
import { executionTick } from "../execution/Execution.ts"
import { Executor } from "../execution/Executor.ts"
import { PositionRegistry } from "../execution/PositionRegistry.ts"
import { Reconciler } from "../execution/Reconciler.ts"
import { EmbeddedSimVenue } from "../runtime/EmbeddedVenue.ts"
import { liveLayer } from "../runtime/LiveLayers.ts"
import { liveProgram } from "../runtime/LiveProgram.ts"
import { VenueNotSynced } from "../runtime/Startup.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import { emptyWatch, observeCoverage } from "./ProtectionWatch.ts"
import { DEFAULT_SOAK_SETTINGS, type SoakSettings, soakConfig } from "./SoakConfig.ts"
import {
  acceptedOrders,
  duplicateClientOrderIds,
  type PositionDifference,
  positionDifferences,
  stopCoverage
} from "./VenueTruth.ts"

export interface EpisodeOptions extends Partial<Omit<SoakSettings, "seed">> {
  readonly episode: number
  readonly seed: number
  readonly ticks: number
  /** Minimum level of the runtime's own log lines (default: none, the report speaks). */
  readonly logLevel?: LogLevel.LogLevel
}

export interface EpisodeReport {
  readonly episode: number
  readonly seed: number
  readonly ticksCompleted: number
  readonly realSeconds: number
  /** Positions the runtime opened: closed trades plus positions still open at the end. */
  readonly positionsOpened: number
  readonly closedTrades: number
  readonly stillOpen: number
  readonly ordersAccepted: number
  /** Longest real time any venue position had no working reduce-only stop. */
  readonly maxNakedSeconds: number
  /** Longest real time any venue position's working stops covered less than its size (partial fills). */
  readonly maxUnderCoveredSeconds: number
  readonly duplicateClientOrderIds: ReadonlyArray<{ readonly id: string; readonly accepted: number }>
  /** Registry against venue after the final reconciliation. */
  readonly differences: ReadonlyArray<PositionDifference>
  /** Orders the registry holds as working that the venue does not list, after the final reconciliation. */
  readonly lostOrders: number
  /** Start-ups refused because the venue did not sync in time, each followed by a restart (as systemd does). */
  readonly startupFailures: ReadonlyArray<string>
  /** `error` events and the program's own failure or defect, one line each. */
  readonly unhandledErrors: ReadonlyArray<string>
  /** Invariant K repairs the protection service made (re-place, flatten, halt). */
  readonly protectionRepairs: number
  readonly faultsInjected: Readonly<Record<FaultKind, number>>
}

/** How often the watch samples the venue's positions and stops (real time). */
const SAMPLE_EVERY = Duration.millis(100)
/** Final reconciliation rounds: the market keeps moving, so a stop may fill between two reads. */
const FINAL_ROUNDS = 5
const ROUND_PAUSE = Duration.seconds(1)
/**
 * Restarts after a refused start-up, each waiting up to 30 s for the sync. The API circuit breaker keeps its
 * state across an in-process restart (60 s cool-down), so two are needed where a fresh process needs one.
 */
const MAX_RESTARTS = 2
/** A final reconciliation that fails (the breaker still open after a fault) is retried this long. */
const FINAL_RETRY = Schedule.spaced("2 seconds").pipe(Schedule.upTo("75 seconds"))
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER }

/**
 * The embedded venue's state: present beside the `Exchange` whenever `exchange.sim` runs embedded (the layer's
 * type does not carry it through the circuit breaker's wrapping, so it is read as an optional service).
 */
const embeddedVenue = Effect.flatMap(Effect.serviceOption(EmbeddedSimVenue), (found) =>
  Option.match(found, {
    onNone: () => Effect.dieMessage("the soak needs the embedded simulated venue (exchange.sim.url: null)"),
    onSome: Effect.succeed
  })
)

const firstLine = (text: string) => text.split("\n", 1)[0] ?? text

/**
 * After the runtime stopped: a fresh event router (as a restarted process would run), then settle, reconcile
 * and check protection until registry and venue agree or the rounds run out; the last comparison counts.
 */
const finalReconciliation = Effect.scoped(
  Effect.gen(function* () {
    const { venue } = yield* embeddedVenue
    const registry = yield* PositionRegistry
    yield* (yield* Executor).eventRouter
    const compare = Effect.gen(function* () {
      yield* executionTick
      const audit = yield* (yield* Reconciler).audit
      const differences = positionDifferences(yield* registry.active, venue.state)
      return { differences, lostOrders: audit.lost.length }
    })
    const round = Effect.retry(compare, FINAL_RETRY)
    let result = yield* round
    for (let n = 1; n < FINAL_ROUNDS && (result.differences.length > 0 || result.lostOrders > 0); n++) {
      yield* Effect.sleep(ROUND_PAUSE)
      result = yield* round
    }
    return result
  })
)

/** `liveProgram` for `ticks` ticks, started again (up to `MAX_RESTARTS` times) when the venue did not sync. */
const liveWithRestarts = (ticks: number) =>
  Effect.gen(function* () {
    const startupFailures: Array<string> = []
    for (;;) {
      const exit = yield* Effect.exit(liveProgram({ maxTicks: Option.some(ticks) }))
      const notSynced = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
      if (!(notSynced instanceof VenueNotSynced) || startupFailures.length >= MAX_RESTARTS)
        return { exit, startupFailures }
      startupFailures.push(notSynced.message)
    }
  })

const episodeBody = (options: EpisodeOptions) =>
  Effect.gen(function* () {
    const { venue, faults } = yield* embeddedVenue
    const startedAt = yield* Clock.currentTimeMillis
    const watch = yield* Ref.make(emptyWatch)
    const sample = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Ref.update(watch, (w) => observeCoverage(w, stopCoverage(venue.state), now))
    )
    const sampler = yield* Effect.fork(Effect.repeat(sample, Schedule.spaced(SAMPLE_EVERY)))
    const { exit: program, startupFailures } = yield* liveWithRestarts(options.ticks)
    const final = yield* Effect.exit(finalReconciliation)
    yield* sample
    yield* Fiber.interrupt(sampler)

    const events = yield* SystemEventRepository
    const errorEvents = yield* events.byType("error", ALL_TIME)
    const unhandledErrors = [
      ...errorEvents.map((e) => `error event: ${firstLine(String(e.details.failure ?? JSON.stringify(e.details)))}`),
      ...(Exit.isFailure(program) ? [`live program: ${firstLine(Cause.pretty(program.cause))}`] : []),
      ...(Exit.isFailure(final) ? [`final reconciliation: ${firstLine(Cause.pretty(final.cause))}`] : [])
    ]
    const closedTrades = (yield* (yield* TradeRepository).recent(Number.MAX_SAFE_INTEGER)).length
    const stillOpen = (yield* (yield* PositionRegistry).active).length
    const watched = yield* Ref.get(watch)
    const reconciled = Exit.isSuccess(final) ? final.value : { differences: [], lostOrders: 0 }
    return {
      episode: options.episode,
      seed: options.seed,
      ticksCompleted: (yield* events.byType("tick_completed", ALL_TIME)).length,
      realSeconds: ((yield* Clock.currentTimeMillis) - startedAt) / 1_000,
      positionsOpened: closedTrades + stillOpen,
      closedTrades,
      stillOpen,
      ordersAccepted: acceptedOrders(venue.state),
      maxNakedSeconds: watched.maxNakedMs / 1_000,
      maxUnderCoveredSeconds: watched.maxShortMs / 1_000,
      duplicateClientOrderIds: duplicateClientOrderIds(venue.state),
      differences: reconciled.differences,
      lostOrders: reconciled.lostOrders,
      startupFailures,
      unhandledErrors,
      protectionRepairs: (yield* events.byType("invariant_violation", ALL_TIME)).length,
      faultsInjected: { ...faults.counts }
    } satisfies EpisodeReport
  })

/** One seeded episode: the live runtime on the faulty embedded venue for `ticks` ticks, then the inspection. */
export const runEpisode = (options: EpisodeOptions) => {
  const config = soakConfig({ ...DEFAULT_SOAK_SETTINGS, ...options })
  const layer = liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))
  return episodeBody(options).pipe(Effect.provide(layer), Logger.withMinimumLogLevel(options.logLevel ?? LogLevel.None))
}
