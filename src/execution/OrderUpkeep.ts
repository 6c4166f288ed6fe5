import { Clock, Effect, Either, Option, Ref } from "effect"
import { type ClientOrderId, isOrderDone } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import { symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeOrder, ExchangePosition, ExchangeService } from "../exchange/Exchange.ts"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import type { ExecutionAlert, Interpreter } from "./EffectInterpreter.ts"
import { type ExitEscalationSettings, exitAttempts, exitEscalation } from "./ExitEscalation.ts"
import {
  isLive,
  type MachineRules,
  type ManagedPosition,
  ordersWithRole,
  type TrackedOrder
} from "./ManagedPosition.ts"
import type { PositionRegistryService } from "./PositionRegistry.ts"
import { holdsQuantity, stopResize } from "./ProtectionPlan.ts"
import { takeProfitsToBackfill } from "./TakeProfitBackfill.ts"
import { takeProfitShrink } from "./TakeProfitLadder.ts"
import { isListed, orderUpdateEvent } from "./VenueMapping.ts"

export interface UpkeepReport {
  /** Cancels asked for again after staying unanswered beyond the grace. */
  readonly recancelled: ReadonlyArray<ClientOrderId>
  /** Take profits the record held working that the venue no longer lists: their final status was fetched. */
  readonly takeProfitsSettled: ReadonlyArray<ClientOrderId>
  /** Positions whose stop, larger than the position, was asked to shrink again (an earlier amendment failed). */
  readonly resized: ReadonlyArray<PositionId>
  /** Positions whose take profits, larger than the position, were amended down or cancelled. */
  readonly takeProfitsShrunk: ReadonlyArray<PositionId>
  /** Positions whose missing take-profit levels were placed again. */
  readonly backfilled: ReadonlyArray<PositionId>
  /** Positions stuck in EXIT_PENDING whose close was sent again at the next level (§6.6). */
  readonly exitsEscalated: ReadonlyArray<PositionId>
  /** Positions whose close attempts are spent: no automatic close, no new entry on the symbol. */
  readonly quarantined: ReadonlyArray<PositionId>
}

export interface UpkeepDeps {
  readonly exchange: ExchangeService
  readonly registry: PositionRegistryService
  readonly interpreter: Interpreter
  readonly rules: MachineRules
  /** How long an order may stay `cancelling` (counted from the first upkeep that saw it) before the cancel is resent. */
  readonly cancelGraceMs: number
  readonly exitEscalation: ExitEscalationSettings
  /** A quarantined close reaches the operator (once per position and process). */
  readonly onAlert: (alert: ExecutionAlert) => Effect.Effect<void>
}

const isTakeProfit = (o: TrackedOrder): boolean => o.role === "tp1" || o.role === "tp2"

/**
 * Per-tick care of the orders of active positions, after reconciliation: take profits the venue dropped without
 * telling us are settled from its final word; cancels the venue never answered are sent again; a stop still
 * larger than its position (its amendment failed, or a crash came between) is amended again; take profits
 * larger than the position give way; then the take-profit levels that are missing are placed again through the
 * machine (trading-core §6.7), and closes stuck in EXIT_PENDING are escalated (§6.6).
 */
export const makeOrderUpkeep = (deps: UpkeepDeps) =>
  Effect.gen(function* () {
    const { exchange, registry, interpreter } = deps
    const cancellingSince = yield* Ref.make(new Map<ClientOrderId, EpochMillis>())
    const alertedQuarantine = yield* Ref.make(new Set<string>())

    const recancelStuck = (active: ReadonlyArray<ManagedPosition>, at: EpochMillis) =>
      Effect.gen(function* () {
        const seen = yield* Ref.get(cancellingSince)
        const next = new Map<ClientOrderId, EpochMillis>()
        const due: Array<{ readonly positionId: PositionId; readonly order: TrackedOrder }> = []
        for (const p of active)
          for (const order of p.orders.filter((o) => o.status === "cancelling")) {
            const since = seen.get(order.clientOrderId) ?? at
            const stuck = at - since >= deps.cancelGraceMs
            if (stuck) due.push({ positionId: p.positionId, order })
            // A resent cancel gets a new grace: one resend per grace, never a loop.
            next.set(order.clientOrderId, stuck ? at : since)
          }
        yield* Ref.set(cancellingSince, next)
        for (const { positionId, order } of due) {
          yield* Effect.logWarning(`cancel of ${order.clientOrderId} unanswered: asking again`)
          yield* interpreter.run([
            { _tag: "CancelOrder", positionId, clientOrderId: order.clientOrderId, orderId: order.orderId }
          ])
        }
        return due.map((d) => d.order.clientOrderId)
      })

    const settleLostTakeProfits = (active: ReadonlyArray<ManagedPosition>, openOrders: ReadonlyArray<ExchangeOrder>) =>
      Effect.gen(function* () {
        const settled: Array<ClientOrderId> = []
        for (const p of active)
          for (const order of p.orders.filter((o) => isTakeProfit(o) && o.status === "working")) {
            if (isListed(order, openOrders)) continue
            yield* interpreter.run(yield* interpreter.settleFromVenue(p.positionId, order.clientOrderId))
            settled.push(order.clientOrderId)
          }
        return settled
      })

    const resizeStops = (active: ReadonlyArray<ManagedPosition>) =>
      Effect.gen(function* () {
        const resized: Array<PositionId> = []
        for (const p of active) {
          const resize = stopResize(p, deps.rules)
          if (resize === undefined) continue
          yield* interpreter.run([resize])
          resized.push(p.positionId)
        }
        return resized
      })

    const shrinkTakeProfits = (active: ReadonlyArray<ManagedPosition>) =>
      Effect.gen(function* () {
        const shrunk: Array<PositionId> = []
        for (const p of active.filter((q) => holdsQuantity(q, deps.rules))) {
          const effects = takeProfitShrink(p, deps.rules)
          if (effects.length === 0) continue
          yield* interpreter.run(effects)
          shrunk.push(p.positionId)
        }
        return shrunk
      })

    const backfill = (active: ReadonlyArray<ManagedPosition>, held: ReadonlyArray<ExchangePosition>, at: EpochMillis) =>
      Effect.gen(function* () {
        const marks = new Map(held.map((x) => [symbolKey(x.symbol), x.markPrice] as const))
        const backfilled: Array<PositionId> = []
        for (const p of active) {
          const mark = Option.filter(Option.flatten(Option.fromNullable(marks.get(symbolKey(p.symbol)))), (m) =>
            m.gt(0)
          )
          if (Option.isNone(mark) || takeProfitsToBackfill(p, mark.value, deps.rules).length === 0) continue
          const command = { commandId: `backfill-${at}`, mark: mark.value, at }
          yield* interpreter.applyAndRun(p.positionId, { _tag: "BackfillTakeProfits", ...command })
          backfilled.push(p.positionId)
        }
        return backfilled
      })

    /** The venue's final word on a close it no longer lists as working: one that ended unseen settles the position. */
    const settleStuckExit = (p: ManagedPosition, exit: TrackedOrder, openOrders: ReadonlyArray<ExchangeOrder>) =>
      Effect.gen(function* () {
        if (!isLive(exit) || isListed(exit, openOrders)) return
        const found = yield* Effect.either(exchange.orderByClientId(exit.clientOrderId))
        // Unknown to the venue is not "cancelled" here: the close is still owed, so it is escalated, not dropped.
        if (Either.isLeft(found) || Option.isNone(found.right) || !isOrderDone(found.right.value.status)) return
        const event = orderUpdateEvent(found.right.value, yield* Clock.currentTimeMillis)
        if (event !== undefined) yield* interpreter.applyAndRun(p.positionId, event)
      })

    const escalateExits = (
      active: ReadonlyArray<ManagedPosition>,
      openOrders: ReadonlyArray<ExchangeOrder>,
      at: EpochMillis
    ) =>
      Effect.gen(function* () {
        const escalated: Array<PositionId> = []
        const quarantined: Array<PositionId> = []
        for (const p of active.filter((q) => q.state === "EXIT_PENDING")) {
          const last = ordersWithRole(p, "exit").at(-1)
          if (last === undefined) continue
          const sentAt = Option.match(yield* registry.intent(last.clientOrderId), {
            onNone: () => p.updatedAt,
            onSome: (intent) => intent.createdAt
          })
          const decision = exitEscalation(p, sentAt, at, deps.exitEscalation)
          if (decision._tag === "Wait") continue
          yield* settleStuckExit(p, last, openOrders)
          if (!Option.exists(yield* registry.get(p.positionId), (r) => r.state === "EXIT_PENDING")) continue
          if (decision._tag === "Resend") {
            yield* Effect.logWarning(`close of ${p.positionId} unresolved after ${at - sentAt} ms: ${decision.level}`)
            yield* interpreter.applyAndRun(p.positionId, { _tag: "EscalateExit", commandId: `escalate-exit-${at}`, at })
            escalated.push(p.positionId)
            continue
          }
          quarantined.push(p.positionId)
          // Once per close: a later close of the same position that also gets stuck alerts again
          const closeKey = `${p.positionId}:${p.exitOrdersBefore ?? 0}`
          if ((yield* Ref.get(alertedQuarantine)).has(closeKey)) continue
          yield* Ref.update(alertedQuarantine, (s) => new Set([...s, closeKey]))
          yield* deps.onAlert({
            _tag: "ExitQuarantined",
            positionId: p.positionId,
            symbol: p.symbol,
            attempts: exitAttempts(p)
          })
        }
        return { escalated, quarantined }
      })

    const run: Effect.Effect<UpkeepReport, QueryError> = Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      // The record is read before the venue: a TP working in it and missing from the later listing has truly left.
      const before = yield* registry.active
      const [held, openOrders] = yield* Effect.all([exchange.positions, exchange.openOrders])
      const takeProfitsSettled = yield* settleLostTakeProfits(before, openOrders)
      const recancelled = yield* recancelStuck(yield* registry.active, at)
      const resized = yield* resizeStops(yield* registry.active)
      const takeProfitsShrunk = yield* shrinkTakeProfits(yield* registry.active)
      const backfilled = yield* backfill(yield* registry.active, held, at)
      const exits = yield* escalateExits(yield* registry.active, openOrders, at)
      return {
        recancelled,
        takeProfitsSettled,
        resized,
        takeProfitsShrunk,
        backfilled,
        exitsEscalated: exits.escalated,
        quarantined: exits.quarantined
      }
    })

    return { run: run.pipe(Effect.withSpan("OrderUpkeep.run"), Effect.annotateLogs({ service: "OrderUpkeep" })) }
  })
