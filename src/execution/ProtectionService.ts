import { Clock, Context, Duration, Effect, Either, Layer, Option, Ref, Schedule, type Scope } from "effect"
import type { PositionId } from "../domain/Position.ts"
import { symbolKey } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { Exchange, type ExchangeOrder } from "../exchange/Exchange.ts"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import { activate } from "../safety/KillSwitch.ts"
import { SafetyRecord } from "../safety/SafetyRecord.ts"
import { SafetyStore } from "../safety/SafetyStore.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { Executor } from "./Executor.ts"
import { lostStopOutcome } from "./LostStop.ts"
import { type ManagedPosition, ordersWithRole } from "./ManagedPosition.ts"
import { PositionRegistry } from "./PositionRegistry.ts"
import { checkProtection, needsRepair, type ProtectionFinding } from "./ProtectionCheck.ts"
import { holdsQuantity } from "./ProtectionPlan.ts"
import { isListed } from "./VenueMapping.ts"

/** What one check did for a position that needed repair. */
export type ProtectionAction = "replace" | "flatten" | "halt"

export interface ProtectionReport {
  readonly findings: ReadonlyArray<ProtectionFinding>
  readonly actions: ReadonlyArray<{ readonly positionId: PositionId; readonly action: ProtectionAction }>
}

export interface ProtectionServiceShape {
  /**
   * Invariant K now (trading-core §8.5, "Do"): every managed position holding quantity without working stops
   * for the size is repaired at once — the stop re-placed; still naked on the next check, that position alone
   * is flattened; still naked after that, trading halts through the kill switch. Exchange positions nobody
   * manages are adopted (and protected) by the reconciler.
   */
  readonly check: Effect.Effect<ProtectionReport, QueryError>
  /** Invariant K against a fresh snapshot, acting on nothing (`trading tools place-missing-stops` dry run). */
  readonly findings: Effect.Effect<ReadonlyArray<ProtectionFinding>, QueryError>
  /** Re-places the stop of every managed position that needs one, without escalating; the ids repaired. */
  readonly repair: Effect.Effect<ReadonlyArray<PositionId>, QueryError>
  /** Runs `check` every `interval` after the start-up grace, in a fiber of the caller's scope. */
  readonly monitor: Effect.Effect<void, never, Scope.Scope>
}

export class ProtectionService extends Context.Tag("ProtectionService")<ProtectionService, ProtectionServiceShape>() {}

export interface ProtectionSettings {
  /** How long our own stop placement may stay unacknowledged before the position counts as unprotected. */
  readonly graceMs: number
  /** Consecutive naked checks before the position is flattened, and before trading halts. */
  readonly flattenAfter: number
  readonly haltAfter: number
  readonly interval: Duration.DurationInput
  readonly startupGrace: Duration.DurationInput
}

export const DEFAULT_PROTECTION_SETTINGS: ProtectionSettings = {
  graceMs: 10_000,
  flattenAfter: 2,
  haltAfter: 3,
  interval: Duration.seconds(10),
  startupGrace: Duration.seconds(30)
}

/** The record's working stops the venue no longer lists: cancelled by hand, expired, killed — or triggered. */
const lostStops = (p: ManagedPosition, openOrders: ReadonlyArray<ExchangeOrder>) =>
  ordersWithRole(p, "stop").filter((o) => o.status === "working" && !isListed(o, openOrders))

export const makeProtectionService = (settings: ProtectionSettings) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const registry = yield* PositionRegistry
    const executor = yield* Executor
    const events = yield* SystemEventRepository
    const safety = yield* SafetyStore
    const nakedChecks = yield* Ref.make(new Map<PositionId, number>())

    const record = (at: EpochMillis, eventType: "invariant_violation" | "kill_switch_activated", details: object) =>
      events.append(SystemEvent.make({ timestamp: at, eventType, details: { source: "protection", ...details } }))

    /** The quantity the venue holds now on the position's side, read afresh (undefined = none). */
    const venueHeld = (p: ManagedPosition) =>
      Effect.map(
        exchange.positions,
        (held) => held.find((x) => symbolKey(x.symbol) === symbolKey(p.symbol) && x.side === p.side)?.size
      )

    /**
     * Tells the position what became of each stop the venue no longer lists, from the venue's own final word
     * (trading-core §8.5 layer 2): a triggered stop closes (or shrinks) the position through its fills, a
     * cancelled one is re-placed by the machine at once. True when nothing is to be repaired now: the venue holds
     * nothing and knows nothing of the stop (it most likely executed; reconciliation settles the position), or the
     * venue could not be asked (unknown is neither "cancelled" nor "flat": the next pass asks again, and only this
     * position waits for it).
     */
    const settleLostStops = (p: ManagedPosition, openOrders: ReadonlyArray<ExchangeOrder>, at: EpochMillis) =>
      Effect.gen(function* () {
        let executed = false
        for (const stop of lostStops(p, openOrders)) {
          const answer = yield* Effect.either(
            Effect.gen(function* () {
              const venueOrder = yield* exchange.orderByClientId(stop.clientOrderId)
              const held = Option.isNone(venueOrder) ? yield* venueHeld(p) : undefined
              return lostStopOutcome(stop, venueOrder, held, registry.rules, at)
            })
          )
          if (Either.isLeft(answer)) {
            yield* Effect.logWarning(`what became of stop ${stop.clientOrderId} is unknown: ${answer.left.message}`)
            return true
          }
          if (answer.right._tag === "Executed") {
            yield* Effect.logWarning(`stop ${stop.clientOrderId} unknown to the venue, which holds no position`)
            executed = true
          } else yield* executor.observe(p.positionId, answer.right.event)
        }
        return executed
      })

    /** The record after its lost stops are settled, when it still needs protection (else nothing to repair). */
    const stillNaked = (p: ManagedPosition, openOrders: ReadonlyArray<ExchangeOrder>, at: EpochMillis) =>
      Effect.gen(function* () {
        if (yield* settleLostStops(p, openOrders, at)) return Option.none()
        return Option.filter(yield* registry.get(p.positionId), (r) => holdsQuantity(r, registry.rules))
      })

    /** Lifts a rejection block so the machine places the stop again (a lost stop was already re-placed). */
    const replace = (p: ManagedPosition, at: EpochMillis) =>
      executor
        .command(p.positionId, { _tag: "RetryProtection", commandId: `protect-${at}`, at })
        .pipe(Effect.catchAll((e) => Effect.logWarning(`re-placing the stop failed: ${e.message}`)))

    const flatten = (positionId: PositionId) =>
      executor
        .requestExit(positionId, "emergency")
        .pipe(Effect.catchAll((e) => Effect.logError(`emergency close of ${positionId} refused: ${e.message}`)))

    const halt = (positionId: PositionId, at: EpochMillis) =>
      Effect.gen(function* () {
        const detail = `position ${positionId} stayed without a working stop after re-place and flatten`
        yield* safety
          .update((r) =>
            SafetyRecord.make({
              ...r,
              killSwitch: activate(r.killSwitch, { reason: "RECONCILIATION_FAILURE", at, flatten: false, detail }),
              level: "HALTED",
              updatedAt: at
            })
          )
          .pipe(Effect.catchAll((e) => Effect.logError(`cannot persist the halt: ${e.message}`)))
        yield* record(at, "kill_switch_activated", { reason: "RECONCILIATION_FAILURE", positionId, detail })
      })

    const snapshot = Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      const [exchangePositions, openOrders, positions] = yield* Effect.all([
        exchange.positions,
        exchange.openOrders,
        registry.active
      ])
      const findings = checkProtection({
        positions,
        openOrders: openOrders.map((o) => ({ ...o, clientOrderId: Option.getOrUndefined(o.clientOrderId) })),
        exchangePositions: exchangePositions.map((x) => ({ symbol: x.symbol, side: x.side, quantity: x.size })),
        now: at,
        graceMs: settings.graceMs
      })
      const naked = findings.flatMap((f) => {
        const p = needsRepair(f) ? positions.find((q) => q.positionId === f.positionId) : undefined
        return p === undefined ? [] : [p]
      })
      return { at, findings, openOrders, positions, naked }
    })

    const check = Effect.gen(function* () {
      const { at, findings, openOrders, positions } = yield* snapshot
      const counts = yield* Ref.get(nakedChecks)
      const next = new Map<PositionId, number>()
      const actions: Array<{ positionId: PositionId; action: ProtectionAction }> = []
      for (const finding of findings) {
        const p = positions.find((q) => q.positionId === finding.positionId)
        if (p === undefined) continue
        if (!needsRepair(finding)) {
          if (finding.status === "pending") next.set(p.positionId, counts.get(p.positionId) ?? 0)
          continue
        }
        // A stop that triggered is a close, not a violation (§10 lesson 10): ask the venue before repairing.
        const naked = yield* stillNaked(p, openOrders, at)
        if (Option.isNone(naked)) {
          yield* Effect.logInfo(
            `position ${p.positionId}: its missing stop executed, or the venue could not say; nothing repaired this pass`
          )
          continue
        }
        const count = (counts.get(p.positionId) ?? 0) + 1
        next.set(p.positionId, count)
        const action: ProtectionAction =
          count >= settings.haltAfter ? "halt" : count >= settings.flattenAfter ? "flatten" : "replace"
        actions.push({ positionId: p.positionId, action })
        yield* Effect.logError(`position ${p.positionId} is ${finding.status}: ${action}`)
        yield* record(at, "invariant_violation", {
          invariant: "K",
          positionId: p.positionId,
          status: finding.status,
          required: finding.required.toString(),
          covered: finding.covered.toString(),
          action
        })
        if (action === "replace") yield* replace(naked.value, at)
        else if (action === "flatten") yield* flatten(p.positionId)
        else yield* halt(p.positionId, at)
      }
      yield* Ref.set(nakedChecks, next)
      return { findings, actions } satisfies ProtectionReport
    }).pipe(Effect.withSpan("ProtectionService.check"))

    return ProtectionService.of({
      check,
      findings: Effect.map(snapshot, (s) => s.findings),
      repair: Effect.gen(function* () {
        const { at, openOrders, naked } = yield* snapshot
        const repaired = yield* Effect.forEach(naked, (p) =>
          Effect.flatMap(stillNaked(p, openOrders, at), (still) =>
            Option.match(still, { onNone: () => Effect.succeed([]), onSome: (r) => Effect.as(replace(r, at), [r]) })
          )
        )
        return repaired.flat().map((p) => p.positionId)
      }),
      monitor: Effect.forkScoped(
        Effect.sleep(settings.startupGrace).pipe(
          Effect.zipRight(
            Effect.repeat(
              Effect.catchAll(check, (e) => Effect.logWarning(`protection check skipped: ${e.message}`)),
              Schedule.spaced(settings.interval)
            )
          )
        )
      ).pipe(Effect.asVoid)
    })
  }).pipe(Effect.annotateLogs({ service: "ProtectionService" }))

export const layer = (
  settings: Partial<ProtectionSettings> = {}
): Layer.Layer<
  ProtectionService,
  never,
  Exchange | PositionRegistry | Executor | SystemEventRepository | SafetyStore
> => Layer.effect(ProtectionService, makeProtectionService({ ...DEFAULT_PROTECTION_SETTINGS, ...settings }))
