import { Clock, Effect, Option, Ref } from "effect"
import type { ClientOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import { symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeOrder, ExchangePosition, ExchangeService } from "../exchange/Exchange.ts"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import type { Interpreter } from "./EffectInterpreter.ts"
import type { MachineRules, ManagedPosition, TrackedOrder } from "./ManagedPosition.ts"
import type { PositionRegistryService } from "./PositionRegistry.ts"
import { stopResize } from "./ProtectionPlan.ts"
import { takeProfitsToBackfill } from "./TakeProfitBackfill.ts"
import { isListed } from "./VenueMapping.ts"

export interface UpkeepReport {
  /** Cancels asked for again after staying unanswered beyond the grace. */
  readonly recancelled: ReadonlyArray<ClientOrderId>
  /** Take profits the record held working that the venue no longer lists: their final status was fetched. */
  readonly takeProfitsSettled: ReadonlyArray<ClientOrderId>
  /** Positions whose stop, larger than the position, was asked to shrink again (an earlier amendment failed). */
  readonly resized: ReadonlyArray<PositionId>
  /** Positions whose missing take-profit levels were placed again. */
  readonly backfilled: ReadonlyArray<PositionId>
}

export interface UpkeepDeps {
  readonly exchange: ExchangeService
  readonly registry: PositionRegistryService
  readonly interpreter: Interpreter
  readonly rules: MachineRules
  /** How long an order may stay `cancelling` (counted from the first upkeep that saw it) before the cancel is resent. */
  readonly cancelGraceMs: number
}

const isTakeProfit = (o: TrackedOrder): boolean => o.role === "tp1" || o.role === "tp2"

/**
 * Per-tick care of the orders of active positions, after reconciliation: take profits the venue dropped without
 * telling us are settled from its final word; cancels the venue never answered are sent again; a stop still
 * larger than its position (its amendment failed, or a crash came between) is amended again; then the
 * take-profit levels that are missing are placed again through the machine (trading-core §6.7).
 */
export const makeOrderUpkeep = (deps: UpkeepDeps) =>
  Effect.gen(function* () {
    const { exchange, registry, interpreter } = deps
    const cancellingSince = yield* Ref.make(new Map<ClientOrderId, EpochMillis>())

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

    const run: Effect.Effect<UpkeepReport, QueryError> = Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      // The record is read before the venue: a TP working in it and missing from the later listing has truly left.
      const before = yield* registry.active
      const [held, openOrders] = yield* Effect.all([exchange.positions, exchange.openOrders])
      const takeProfitsSettled = yield* settleLostTakeProfits(before, openOrders)
      const recancelled = yield* recancelStuck(yield* registry.active, at)
      const resized = yield* resizeStops(yield* registry.active)
      const backfilled = yield* backfill(yield* registry.active, held, at)
      return { recancelled, takeProfitsSettled, resized, backfilled }
    })

    return { run: run.pipe(Effect.withSpan("OrderUpkeep.run"), Effect.annotateLogs({ service: "OrderUpkeep" })) }
  })
