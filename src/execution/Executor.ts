import { Clock, Context, Effect, Either, Layer, Option, Ref, type Scope, Stream } from "effect"
import { Decimal } from "../domain/Money.ts"
import type { PositionId } from "../domain/Position.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type { ExitReason } from "../domain/Trade.ts"
import { Exchange, type ExchangeEvent } from "../exchange/Exchange.ts"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import type { EntryRefused } from "./Admission.ts"
import { type ExecutionAlert, makeInterpreter } from "./EffectInterpreter.ts"
import { makeEventRouter } from "./EventRouter.ts"
import { DEFAULT_EXIT_ESCALATION, type ExitEscalationSettings } from "./ExitEscalation.ts"
import { type IntentRecoveryReport, makeIntentRecovery } from "./IntentRecovery.ts"
import type { ManagedPosition } from "./ManagedPosition.ts"
import { type OpenPositionInput, openPosition } from "./OpenPosition.ts"
import type { Step } from "./Orders.ts"
import { makeOrderUpkeep, type UpkeepReport } from "./OrderUpkeep.ts"
import type { PositionEvent } from "./PositionEvent.ts"
import { PositionRegistry, type UnknownPosition } from "./PositionRegistry.ts"
import type { InvalidEntryPlan, TransitionError } from "./TransitionError.ts"

export interface ExecutorSettings {
  /** Leverage written on recorded trades. */
  readonly leverage: Decimal
  /** A pending entry intent older than this at restart is withdrawn, not sent. */
  readonly maxEntryAgeMs: number
  /** How long a final order status may wait for its fills before they are replayed from the venue. */
  readonly fillGraceMs: number
  /** How long a cancel may stay unanswered before it is sent again. */
  readonly cancelGraceMs: number
  /** When a close stuck in EXIT_PENDING is sent again, and when it is quarantined (§6.6). */
  readonly exitEscalation: ExitEscalationSettings
  /** Protection lost or an invariant broken: the caller escalates (protection service, kill switch). */
  readonly onAlert: (alert: ExecutionAlert) => Effect.Effect<void>
}

export const DEFAULT_EXECUTOR_SETTINGS: ExecutorSettings = {
  leverage: new Decimal(1),
  maxEntryAgeMs: 60_000,
  fillGraceMs: 5_000,
  cancelGraceMs: 30_000,
  exitEscalation: DEFAULT_EXIT_ESCALATION,
  onAlert: (alert) => Effect.logError(`execution alert ${alert._tag}`, alert)
}

export type CommandError = TransitionError | UnknownPosition

export interface ExecutorService {
  /** Registers a new PENDING position with its entry intent (refused per §5.8), then sends the entry. */
  readonly open: (input: OpenPositionInput) => Effect.Effect<ManagedPosition, InvalidEntryPlan | EntryRefused>
  /** Registers a position built elsewhere (takeover adoption) and carries out its effects. */
  readonly register: (opened: Step) => Effect.Effect<void, EntryRefused>
  /** Applies a command and carries out its effects; a refused command fails with the reason. */
  readonly command: (positionId: PositionId, event: PositionEvent) => Effect.Effect<void, CommandError>
  /** Applies an observation (reconciliation, protection); a refusal is logged, never raised. */
  readonly observe: (positionId: PositionId, event: PositionEvent) => Effect.Effect<void>
  /** Closes the whole remaining quantity with a reduce-only market order. */
  readonly requestExit: (positionId: PositionId, reason: ExitReason) => Effect.Effect<void, CommandError>
  /** Moves the stop toward profit (invariant D checked first); the old stop goes once the new one works. */
  readonly moveStop: (
    positionId: PositionId,
    price: Decimal,
    reason?: "break_even" | "trailing" | "manual"
  ) => Effect.Effect<void, CommandError>
  /** Routes one venue event to its position (what the event router does for each event). */
  readonly route: (event: ExchangeEvent) => Effect.Effect<void>
  /** Subscribes to the venue's events now and routes them in a fiber of the caller's scope. */
  readonly eventRouter: Effect.Effect<void, never, Scope.Scope>
  /** Startup: resolves every unresolved intent against the venue before anything else is sent. */
  readonly recoverIntents: Effect.Effect<IntentRecoveryReport>
  /** Per tick: resolves placements that ended without an answer and replays fills that never arrived. */
  readonly settle: Effect.Effect<void>
  /**
   * Per tick, after reconciliation: settles take profits the venue dropped silently, resends unanswered cancels,
   * shrinks stops larger than their position, re-places missing take profits (§6.7) and escalates stuck closes (§6.6).
   */
  readonly upkeep: Effect.Effect<UpkeepReport, QueryError>
  /** Symbol keys where the last reconciliation saw exchange exposure (entry admission, §5.8). */
  readonly setExchangeExposure: (keys: ReadonlySet<SymbolKey>) => Effect.Effect<void>
}

export class Executor extends Context.Tag("Executor")<Executor, ExecutorService>() {}

export const makeExecutor = (settings: ExecutorSettings) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const registry = yield* PositionRegistry
    const interpreter = makeInterpreter({
      exchange,
      registry,
      trades: yield* TradeRepository,
      events: yield* SystemEventRepository,
      leverage: settings.leverage,
      onAlert: settings.onAlert
    })
    const recovery = makeIntentRecovery({ exchange, registry, interpreter, maxEntryAgeMs: settings.maxEntryAgeMs })
    const router = yield* makeEventRouter({ registry, interpreter, resolveUnknown: recovery.resolveUnknown })
    const upkeep = yield* makeOrderUpkeep({
      exchange,
      registry,
      interpreter,
      rules: registry.rules,
      cancelGraceMs: settings.cancelGraceMs,
      exitEscalation: settings.exitEscalation,
      onAlert: settings.onAlert
    })
    const exposure = yield* Ref.make<ReadonlySet<SymbolKey>>(new Set())

    const command = (positionId: PositionId, event: PositionEvent) =>
      Effect.flatMap(registry.apply(positionId, event), (t) => interpreter.run(t.effects))

    const commandId = (name: string) =>
      Effect.map(Clock.currentTimeMillis, (at) => ({ commandId: `${name}-${at}`, at }))

    return Executor.of({
      open: tracedFn("Executor.open")(function* (input) {
        const opened = yield* Either.match(openPosition(input, registry.rules), {
          onLeft: Effect.fail,
          onRight: Effect.succeed
        })
        const effects = yield* registry.register(opened, yield* Ref.get(exposure))
        yield* interpreter.run(effects)
        return Option.getOrElse(yield* registry.get(input.positionId), () => opened.record)
      }),
      register: tracedFn("Executor.register")(function* (opened) {
        yield* interpreter.run(yield* registry.register(opened))
      }),
      command: tracedFn("Executor.command")(command),
      observe: tracedFn("Executor.observe")(interpreter.applyAndRun),
      requestExit: tracedFn("Executor.requestExit")(function* (positionId, reason) {
        yield* command(positionId, { _tag: "RequestExit", reason, ...(yield* commandId(`exit-${reason}`)) })
      }),
      moveStop: tracedFn("Executor.moveStop")(function* (positionId, price, reason = "manual") {
        yield* command(positionId, { _tag: "MoveStop", price, reason, ...(yield* commandId(`stop-${price}`)) })
      }),
      route: router.route,
      eventRouter: Effect.flatMap(exchange.events, (events) =>
        Effect.forkScoped(Stream.runForEach(events, router.route))
      ).pipe(Effect.asVoid),
      recoverIntents: recovery.recoverAll.pipe(Effect.withSpan("Executor.recoverIntents")),
      settle: Effect.zipRight(
        Effect.catchAllCause(recovery.resolveUnknown, (cause) =>
          Effect.logWarning("unknown intents unresolved", cause)
        ),
        router.settleDeferred(settings.fillGraceMs)
      ).pipe(Effect.withSpan("Executor.settle")),
      upkeep: upkeep.run,
      setExchangeExposure: (keys) => Ref.set(exposure, keys)
    })
  }).pipe(Effect.annotateLogs({ service: "Executor" }))

/** The executor over the venue, the position registry and the trade and event repositories. */
export const layer = (
  settings: Partial<ExecutorSettings> = {}
): Layer.Layer<Executor, never, Exchange | PositionRegistry | TradeRepository | SystemEventRepository> =>
  Layer.effect(Executor, makeExecutor({ ...DEFAULT_EXECUTOR_SETTINGS, ...settings }))
