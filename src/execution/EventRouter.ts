import { Clock, Effect, Option, Ref } from "effect"
import type { ExchangeOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeEvent } from "../exchange/Exchange.ts"
import type { Interpreter } from "./EffectInterpreter.ts"
import { findOrder } from "./ManagedPosition.ts"
import type { PositionEffect } from "./PositionEffect.ts"
import type { PositionEvent } from "./PositionEvent.ts"
import type { PositionRegistryService } from "./PositionRegistry.ts"
import { fillEvent, orderUpdateEvent } from "./VenueMapping.ts"

/** A final status that arrived before the fills it reports (the adapter sends the update, then the fill). */
interface DeferredClose {
  readonly positionId: PositionId
  readonly event: PositionEvent
  readonly replay: PositionEffect
  readonly since: EpochMillis
}

export interface RouterDeps {
  readonly registry: PositionRegistryService
  readonly interpreter: Interpreter
  /** Resolves intents whose placement ended without an answer (run after the feed resynced). */
  readonly resolveUnknown: Effect.Effect<unknown, unknown>
}

const isReplay = (effect: PositionEffect) => effect._tag === "ReplayFills"

/**
 * Routes the venue's events to the positions that own the orders (by client id, else venue id), as position
 * events; the registry makes every event idempotent. A position update is not routed: it races the fills that
 * explain it, so the periodic reconciliation (with hysteresis) owns quantity differences.
 */
export const makeEventRouter = (deps: RouterDeps) =>
  Effect.gen(function* () {
    const { registry, interpreter } = deps
    const deferred = yield* Ref.make(new Map<ExchangeOrderId, DeferredClose>())

    /** Applies an event; a close waiting for its fills is parked (its fill replay held back) instead of replayed. */
    const applyParking = (positionId: PositionId, orderId: ExchangeOrderId, event: PositionEvent) =>
      Effect.gen(function* () {
        const transition = yield* interpreter.applyEvent(positionId, event)
        if (Option.isNone(transition)) return
        const { effects, processedEventId } = transition.value
        const replay = effects.find(isReplay)
        if (processedEventId === undefined && replay !== undefined) {
          const since = yield* Clock.currentTimeMillis
          yield* Ref.update(deferred, (m) => new Map(m).set(orderId, { positionId, event, replay, since }))
        } else yield* Ref.update(deferred, (m) => (m.has(orderId) ? new Map([...m].filter(([k]) => k !== orderId)) : m))
        yield* interpreter.run(effects.filter((e) => !isReplay(e)))
      })

    const onFill = (fill: Extract<ExchangeEvent, { _tag: "FillReceived" }>["fill"]) =>
      Effect.gen(function* () {
        const owner = yield* registry.ownerOf(fill.clientOrderId, fill.orderId)
        if (Option.isNone(owner)) return
        const record = yield* registry.get(owner.value)
        const tracked = Option.flatMap(record, (p) =>
          Option.fromNullable(findOrder(p, fill.clientOrderId, fill.orderId))
        )
        // A filled or cancelled order has every fill accounted for (its final status waits for them): this one was
        // replayed from the cumulative quantity, or adopted as exposure, and must not count twice.
        if (Option.exists(tracked, (o) => o.status === "filled" || o.status === "cancelled")) return
        yield* interpreter.applyAndRun(owner.value, fillEvent(fill))
        const parked = (yield* Ref.get(deferred)).get(fill.orderId)
        if (parked !== undefined) yield* applyParking(parked.positionId, fill.orderId, parked.event)
      })

    const route = (event: ExchangeEvent): Effect.Effect<void> => {
      switch (event._tag) {
        case "OrderUpdated":
          return Effect.gen(function* () {
            const order = event.order
            const owner = yield* registry.ownerOf(Option.getOrUndefined(order.clientOrderId), order.orderId)
            const update = orderUpdateEvent(order, yield* Clock.currentTimeMillis)
            if (Option.isNone(owner) || update === undefined) return
            yield* applyParking(owner.value, order.orderId, update)
          })
        case "FillReceived":
          return onFill(event.fill)
        case "Resynced":
          return Effect.zipRight(
            Effect.catchAllCause(deps.resolveUnknown, (cause) =>
              Effect.logWarning("unknown intents unresolved", cause)
            ),
            settleDeferred(0)
          )
        default:
          return Effect.void
      }
    }

    /** Closes parked longer than `olderThanMs` never got their fills: replay them from the venue's order. */
    const settleDeferred = (olderThanMs: number): Effect.Effect<void> =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const due = [...(yield* Ref.get(deferred))].filter(([, d]) => now - d.since >= olderThanMs)
        for (const [orderId, parked] of due) {
          yield* Ref.update(deferred, (m) => new Map([...m].filter(([k]) => k !== orderId)))
          yield* interpreter.run([parked.replay])
        }
      })

    return {
      route: (event: ExchangeEvent) =>
        route(event).pipe(
          Effect.catchAllCause((cause) => Effect.logError(`routing ${event._tag} failed`, cause)),
          Effect.annotateLogs({ service: "EventRouter" })
        ),
      settleDeferred
    }
  })
