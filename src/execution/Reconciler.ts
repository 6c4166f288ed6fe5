import { Clock, Context, Effect, Either, Layer, Option, Ref } from "effect"
import { ZERO } from "../domain/Money.ts"
import type { ExchangeOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import { exitOrderSide } from "../domain/Side.ts"
import { type SymbolKey, spotFromFutures, symbolKey } from "../domain/Symbols.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { Exchange, type ExchangeOrder, type ExchangePosition } from "../exchange/Exchange.ts"
import type { QueryError } from "../exchange/ExchangeErrors.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { adoptedPositionId, adoptPosition } from "./Adoption.ts"
import { Executor } from "./Executor.ts"
import { ordersWithRole, remainingQuantity } from "./ManagedPosition.ts"
import { auditOrders, cancellable, type OrderAudit } from "./OrderAudit.ts"
import { PositionRegistry } from "./PositionRegistry.ts"

export interface ReconcileReport {
  /** Quantity observations applied to registry positions (after hysteresis). */
  readonly observed: ReadonlyArray<PositionId>
  /** Exchange positions nobody managed, now adopted and protected. */
  readonly adopted: ReadonlyArray<PositionId>
  /** Orders cancelled because no managed position and no exchange position stands behind them. */
  readonly cancelledOrders: number
  /** Keys whose registry and exchange still disagree (waiting for a second observation): block new entries. */
  readonly unsettled: ReadonlyArray<SymbolKey>
}

export interface ReconcilerService {
  /**
   * Startup takeover (trading-core §7.4): adopts every exchange position the registry does not manage, placing
   * its stop first and cancelling foreign stops only once ours works, then cancels orders nobody owns on symbols
   * with no position. Never flattens (§10 lesson 8). Run after `Executor.recoverIntents`.
   */
  readonly takeover: Effect.Effect<ReconcileReport, QueryError>
  /**
   * Per tick (§7.2, §7.7): converges registry quantities on the exchange's, adopting phantoms and cancelling
   * reduce-only orphans; a difference acts only when two consecutive passes see the same exchange quantity.
   */
  readonly reconcile: Effect.Effect<ReconcileReport, QueryError>
  /** Adopts every exchange position the registry does not manage, now, cancelling nothing else. */
  readonly adoptUnmanaged: Effect.Effect<ReadonlyArray<PositionId>, QueryError>
  /** The venue's open orders against the registry (`trading tools audit-open-orders`). */
  readonly audit: Effect.Effect<OrderAudit, QueryError>
  /** Cancels the audit's stale and orphan orders (at most `maxOrphanCancels`); returns how many. */
  readonly cancelStale: (audit: OrderAudit) => Effect.Effect<number>
}

export class Reconciler extends Context.Tag("Reconciler")<Reconciler, ReconcilerService>() {}

export interface ReconcilerSettings {
  /** At most this many orphan orders are cancelled per pass. */
  readonly maxOrphanCancels: number
  /** Orders younger than this are never cancelled per tick: a stop placed right after a fill may look orphaned. */
  readonly orphanMinAgeMs: number
}

export const DEFAULT_RECONCILER_SETTINGS: ReconcilerSettings = {
  maxOrphanCancels: 20,
  orphanMinAgeMs: 5_000
}

const isStopShaped = (o: ExchangeOrder) => o.type === "stop" || o.type === "trailing_stop"

export const makeReconciler = (settings: ReconcilerSettings) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const registry = yield* PositionRegistry
    const executor = yield* Executor
    const events = yield* SystemEventRepository
    // Hysteresis: the exchange quantity last seen differing from the registry, per key (positions and phantoms).
    const lastDifference = yield* Ref.make(new Map<SymbolKey, string>())

    const audit = Effect.gen(function* () {
      const [openOrders, positions, active] = yield* Effect.all([
        exchange.openOrders,
        exchange.positions,
        registry.active
      ])
      const owners = new Map<ExchangeOrderId, PositionId>()
      const owning = new Map(active.map((p) => [p.positionId, p] as const))
      for (const order of openOrders) {
        const owner = yield* registry.ownerOf(Option.getOrUndefined(order.clientOrderId), order.orderId)
        if (Option.isNone(owner)) continue
        owners.set(order.orderId, owner.value)
        if (!owning.has(owner.value))
          for (const p of Option.toArray(yield* registry.get(owner.value))) owning.set(p.positionId, p)
      }
      return auditOrders({
        openOrders,
        owners,
        positions: [...owning.values()],
        heldSymbols: positions.map((p) => p.symbol)
      })
    })

    const cancelStale = (found: OrderAudit, filter: (order: ExchangeOrder) => boolean = () => true) =>
      Effect.gen(function* () {
        const chosen = cancellable(found)
          .map((a) => a.order)
          .filter(filter)
          .slice(0, settings.maxOrphanCancels)
        yield* Effect.forEach(chosen, (o) => Effect.ignore(exchange.cancelOrder({ orderId: o.orderId })), {
          discard: true
        })
        return chosen.length
      })

    /** Adopts one exchange position; its foreign stops go only once our own stop works. */
    const adopt = (held: ExchangePosition, orders: ReadonlyArray<ExchangeOrder>, at: EpochMillis) =>
      Effect.gen(function* () {
        const spot = spotFromFutures(held.symbol)
        const contract = (yield* exchange.contracts).find((c) => c.symbol === held.symbol)
        if (Either.isLeft(spot) || contract === undefined) {
          yield* Effect.logError(`cannot adopt ${held.symbol}: no spot market or contract grid known`)
          return Option.none<PositionId>()
        }
        const key = symbolKey(held.symbol)
        const foreignStops = orders.filter(
          (o) => symbolKey(o.symbol) === key && isStopShaped(o) && o.reduceOnly && o.side === exitOrderSide(held.side)
        )
        const positionId = adoptedPositionId(held.symbol, held.side, at)
        const opened = adoptPosition(
          {
            symbol: spot.right,
            futuresSymbol: held.symbol,
            side: held.side,
            quantity: held.size,
            entryPrice: held.entryPrice.gt(0)
              ? held.entryPrice
              : Option.getOrElse(held.markPrice, () => held.entryPrice),
            mark: Option.getOrUndefined(held.markPrice),
            existingStops: foreignStops.flatMap((o) => Option.toArray(o.triggerPrice)),
            tickSize: contract.tickSize,
            sizeStep: contract.sizeStep,
            minSize: contract.minSize
          },
          positionId,
          at,
          registry.rules
        )
        const registered = yield* Effect.either(executor.register(opened))
        if (Either.isLeft(registered)) {
          yield* Effect.logWarning(`adoption of ${held.symbol} refused: ${registered.left.message}`)
          return Option.none<PositionId>()
        }
        const record = yield* registry.get(positionId)
        const protectedNow = Option.exists(record, (p) => ordersWithRole(p, "stop").some((o) => o.status === "working"))
        if (protectedNow)
          yield* Effect.forEach(foreignStops, (o) => Effect.ignore(exchange.cancelOrder({ orderId: o.orderId })), {
            discard: true
          })
        yield* events.append(
          SystemEvent.make({
            timestamp: at,
            eventType: "takeover",
            symbol: spot.right,
            details: {
              positionId,
              side: held.side,
              size: held.size.toString(),
              entryPrice: held.entryPrice.toString(),
              protected: protectedNow,
              foreignStopsCancelled: protectedNow ? foreignStops.length : 0
            }
          })
        )
        return Option.some(positionId)
      })

    /** Whether a difference seen now was also seen (with the same exchange quantity) on the previous pass. */
    const confirmed = (key: SymbolKey, quantity: string, immediate: boolean) =>
      Ref.modify(lastDifference, (m): [boolean, Map<SymbolKey, string>] => {
        const repeat = immediate || m.get(key) === quantity
        const next = new Map(m)
        if (repeat) next.delete(key)
        else next.set(key, quantity)
        return [repeat, next]
      })

    const pass = (startup: boolean) =>
      Effect.gen(function* () {
        const at = yield* Clock.currentTimeMillis
        const positions = yield* exchange.positions
        const orders = yield* exchange.openOrders
        const active = yield* registry.active
        const byKey = new Map(positions.map((p) => [symbolKey(p.symbol), p] as const))
        yield* executor.setExchangeExposure(new Set(byKey.keys()))
        const observed: Array<PositionId> = []
        const unsettled: Array<SymbolKey> = []
        const seen = new Set<SymbolKey>()
        for (const p of active) {
          const key = symbolKey(p.symbol)
          seen.add(key)
          // A placement not yet answered may explain any difference: wait for it.
          if (p.orders.some((o) => o.status === "requested")) continue
          const held = byKey.get(key)
          const quantity = held !== undefined && held.side === p.side ? held.size : ZERO
          const differs = quantity.minus(remainingQuantity(p)).abs().gt(registry.rules.dustQuantity)
          if (!differs && p.missingChecks === 0) continue
          // A missing position has its own hysteresis in the machine (missingChecks); a size difference here.
          if (differs && !quantity.isZero() && !(yield* confirmed(key, quantity.toString(), startup))) {
            unsettled.push(key)
            continue
          }
          yield* executor.observe(p.positionId, {
            _tag: "QuantityObserved",
            observationId: `reconcile-${at}`,
            quantity,
            ...(held?.entryPrice.gt(0) ? { price: held.entryPrice } : {}),
            at
          })
          observed.push(p.positionId)
        }
        const adopted: Array<PositionId> = []
        for (const [key, held] of byKey) {
          if (seen.has(key)) continue
          if (!(yield* confirmed(key, held.size.toString(), startup))) {
            unsettled.push(key)
            continue
          }
          const id = yield* adopt(held, orders, at)
          if (Option.isSome(id)) adopted.push(id.value)
        }
        // Per tick only reduce-only leftovers old enough to be settled (§7.7); at start-up every orphan goes.
        const cancelledOrders = yield* cancelStale(
          yield* audit,
          (o) => startup || (o.reduceOnly && at - o.updatedAt >= settings.orphanMinAgeMs)
        )
        const report: ReconcileReport = { observed, adopted, cancelledOrders, unsettled }
        if (observed.length + adopted.length + cancelledOrders > 0 || startup)
          yield* events.append(
            SystemEvent.make({
              timestamp: at,
              eventType: startup ? "takeover" : "reconciliation",
              details: { observed, adopted, cancelledOrders, unsettled }
            })
          )
        return report
      })

    const adoptUnmanaged = Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      const [positions, orders, active] = yield* Effect.all([exchange.positions, exchange.openOrders, registry.active])
      const managed = new Set(active.map((p) => symbolKey(p.symbol)))
      const adopted = yield* Effect.forEach(
        positions.filter((x) => !managed.has(symbolKey(x.symbol))),
        (held) => adopt(held, orders, at)
      )
      return adopted.flatMap(Option.toArray)
    })

    return Reconciler.of({
      takeover: pass(true).pipe(Effect.withSpan("Reconciler.takeover")),
      reconcile: pass(false).pipe(Effect.withSpan("Reconciler.reconcile")),
      adoptUnmanaged: adoptUnmanaged.pipe(Effect.withSpan("Reconciler.adoptUnmanaged")),
      audit: audit.pipe(Effect.withSpan("Reconciler.audit")),
      cancelStale: (found) => cancelStale(found)
    })
  }).pipe(Effect.annotateLogs({ service: "Reconciler" }))

export const layer = (
  settings: Partial<ReconcilerSettings> = {}
): Layer.Layer<Reconciler, never, Exchange | PositionRegistry | Executor | SystemEventRepository> =>
  Layer.effect(Reconciler, makeReconciler({ ...DEFAULT_RECONCILER_SETTINGS, ...settings }))
