import { Clock, Effect, Either, Option } from "effect"
import { type Decimal, ZERO } from "../domain/Money.ts"
import type { ClientOrderId } from "../domain/Order.ts"
import type { PositionId } from "../domain/Position.ts"
import { SystemEvent } from "../domain/SystemEvent.ts"
import type { ExchangeOrder, ExchangeService } from "../exchange/Exchange.ts"
import type { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import type { TradeRepository } from "../storage/TradeRepository.ts"
import type { OrderPurpose } from "./ClientOrderIds.ts"
import { findOrder } from "./ManagedPosition.ts"
import { isUnresolved, type SendOutcome } from "./OrderIntent.ts"
import type { OrderRequest } from "./OrderRequest.ts"
import type { PositionEffect } from "./PositionEffect.ts"
import type { PositionEvent } from "./PositionEvent.ts"
import type { Transition } from "./PositionMachine.ts"
import type { PositionRegistryService } from "./PositionRegistry.ts"
import { tradeOf } from "./TradeRecord.ts"
import { orderUpdateEvent, outcomeEvent, sendOutcomeOf, venueRequestOf } from "./VenueMapping.ts"

/**
 * Something the executor cannot repair on its own: protection lost, a transition that broke an invariant, or a
 * close quarantined after `attempts` failed tries (stop kept, no more automatic closes: ExitEscalation).
 */
export type ExecutionAlert =
  | Extract<PositionEffect, { readonly _tag: "ProtectionLost" }>
  | { readonly _tag: "InvariantViolation"; readonly positionId: string; readonly detail: string }
  | {
      readonly _tag: "ExitQuarantined"
      readonly positionId: PositionId
      readonly symbol: string
      readonly attempts: number
    }

export interface InterpreterDeps {
  readonly exchange: ExchangeService
  readonly registry: PositionRegistryService
  readonly trades: typeof TradeRepository.Service
  readonly events: typeof SystemEventRepository.Service
  /** Leverage recorded on trades (the position record does not carry it). */
  readonly leverage: Decimal
  readonly onAlert: (alert: ExecutionAlert) => Effect.Effect<void>
}

/** Effects a single run may chain before it stops as runaway (a placement answering with a placement...). */
const MAX_EFFECTS_PER_RUN = 200

const now = Clock.currentTimeMillis

/** What a placement is for, as the operator reads it. */
const PURPOSE_NAMES: Record<OrderPurpose, string> = {
  entry: "entry",
  stop: "protective stop",
  "replace-stop": "stop replacement",
  tp1: "take-profit 1",
  tp2: "take-profit 2",
  exit: "exit"
}

/**
 * The warning for a placement the venue refused or left unanswered, complete in itself (position, symbol,
 * reason): a refused stop move (the order budget of a fast clock) otherwise shows only in position_events.
 */
const unplacedWarning = (
  request: OrderRequest,
  outcome: Extract<SendOutcome, { readonly _tag: "Rejected" | "Ambiguous" }>
): string =>
  `${PURPOSE_NAMES[request.purpose]} ${request.clientOrderId} of position ${request.positionId} on ${request.symbol} ` +
  `${outcome._tag === "Rejected" ? "refused" : "unanswered"}: ${outcome.reason}`

export type Interpreter = ReturnType<typeof makeInterpreter>

/**
 * The one interpreter of every `PositionEffect`: placements go intent → sent → venue → outcome → event; cancels,
 * fill replays, trade recording and protection alerts likewise end in events for the position. Every event's
 * own effects are run in turn until none remain.
 */
export const makeInterpreter = (deps: InterpreterDeps) => {
  const { exchange, registry } = deps

  /**
   * Applies one event and returns its transition; a refused event is logged and dropped (the record is unchanged),
   * an invariant violation is also raised as an alert: the shell halts rather than save a broken record.
   */
  const applyEvent = (positionId: PositionId, event: PositionEvent): Effect.Effect<Option.Option<Transition>> =>
    registry.apply(positionId, event).pipe(
      Effect.map(Option.some),
      Effect.catchTags({
        InvalidTransition: (e) => Effect.as(Effect.logWarning(e.message), Option.none()),
        UnknownPosition: (e) => Effect.as(Effect.logWarning(e.message), Option.none()),
        InvariantViolation: (e) =>
          Effect.logError(e.message).pipe(
            Effect.zipRight(deps.onAlert({ _tag: "InvariantViolation", positionId: e.positionId, detail: e.message })),
            Effect.as(Option.none())
          )
      }),
      Effect.annotateLogs({ positionId, event: event._tag })
    )

  const effectsOf = (transition: Option.Option<Transition>): ReadonlyArray<PositionEffect> =>
    Option.match(transition, { onNone: () => [], onSome: (t) => t.effects })

  const applyForEffects = (positionId: PositionId, event: PositionEvent | undefined) =>
    event === undefined ? Effect.succeed([]) : Effect.map(applyEvent(positionId, event), effectsOf)

  const place = (request: Extract<PositionEffect, { _tag: "PlaceOrder" }>["request"]) =>
    Effect.gen(function* () {
      // Withdrawn (a cancel overtook it) or already answered: sending it now would add an unwanted order.
      if (Option.exists(yield* registry.intent(request.clientOrderId), (i) => !isUnresolved(i))) return []
      // From here on the venue may have the order: a crash leaves `sent`, which restart resolves by lookup.
      yield* Effect.orDie(registry.markIntentSent(request.clientOrderId, yield* now))
      const result = yield* Effect.either(exchange.placeOrder(venueRequestOf(request)))
      const outcome = sendOutcomeOf(result)
      const at = yield* now
      yield* Effect.orDie(registry.recordIntentOutcome(request.clientOrderId, outcome, at))
      // A refusal is handled by the position (a stop move keeps the old stop), but the operator reads why here
      if (outcome._tag === "Ambiguous" || outcome._tag === "Rejected")
        yield* Effect.logWarning(unplacedWarning(request, outcome))
      return yield* applyForEffects(request.positionId, outcomeEvent(request, outcome, at))
    }).pipe(Effect.annotateLogs({ positionId: request.positionId, symbol: request.symbol, purpose: request.purpose }))

  /** Σ of the fills the record holds for one of its orders (0 when it does not track it). */
  const trackedFilled = (positionId: PositionId, clientOrderId: ClientOrderId) =>
    Effect.map(registry.get(positionId), (record) =>
      Option.match(
        Option.flatMap(record, (r) => Option.fromNullable(findOrder(r, clientOrderId, undefined))),
        { onNone: () => ZERO, onSome: (o) => o.filled }
      )
    )

  /** The venue's final word on an order it no longer lists as working (closed, or never reached it). */
  const settleFromVenue = (positionId: PositionId, clientOrderId: ClientOrderId) =>
    Effect.gen(function* () {
      const found = yield* Effect.either(exchange.orderByClientId(clientOrderId))
      if (Either.isLeft(found)) {
        yield* Effect.logWarning(`cannot look up ${clientOrderId}: ${found.left.message}`)
        return []
      }
      const at = yield* now
      if (Option.isSome(found.right)) return yield* applyForEffects(positionId, orderUpdateEvent(found.right.value, at))
      return yield* applyForEffects(positionId, {
        _tag: "OrderClosed",
        clientOrderId,
        status: "cancelled",
        filledQuantity: yield* trackedFilled(positionId, clientOrderId),
        at
      })
    })

  const cancel = (effect: Extract<PositionEffect, { _tag: "CancelOrder" }>) =>
    Effect.gen(function* () {
      const at = yield* now
      // An intent never handed to the transport is withdrawn instead: nothing is on the venue to cancel.
      if (yield* Effect.orDie(registry.withdrawIntent(effect.clientOrderId, at)))
        return yield* applyForEffects(effect.positionId, {
          _tag: "OrderClosed",
          clientOrderId: effect.clientOrderId,
          status: "cancelled",
          filledQuantity: yield* trackedFilled(effect.positionId, effect.clientOrderId),
          at
        })
      const ref = effect.orderId === undefined ? { clientOrderId: effect.clientOrderId } : { orderId: effect.orderId }
      const result = yield* Effect.either(exchange.cancelOrder(ref))
      if (Either.isRight(result)) return [] // the venue's update closes the order
      if (result.left._tag === "OrderNotFound") return yield* settleFromVenue(effect.positionId, effect.clientOrderId)
      yield* Effect.logWarning(`cancel ${effect.clientOrderId} failed: ${result.left.message}`)
      return []
    }).pipe(Effect.annotateLogs({ positionId: effect.positionId }))

  /**
   * Resizes a working order in place; the record follows once the venue took it. A venue that no longer has the
   * order (it triggered, or was cancelled) gives its final word instead; any other refusal leaves the larger,
   * still reduce-only order as it is.
   */
  const amend = (effect: Extract<PositionEffect, { _tag: "AmendOrder" }>) =>
    Effect.gen(function* () {
      const ref = effect.orderId === undefined ? { clientOrderId: effect.clientOrderId } : { orderId: effect.orderId }
      const result = yield* Effect.either(exchange.amendOrder(ref, { quantity: effect.quantity }))
      if (Either.isRight(result))
        return yield* applyForEffects(effect.positionId, {
          _tag: "OrderAmended",
          clientOrderId: effect.clientOrderId,
          quantity: effect.quantity,
          at: yield* now
        })
      if (result.left._tag === "OrderNotFound") return yield* settleFromVenue(effect.positionId, effect.clientOrderId)
      yield* Effect.logWarning(`resizing ${effect.clientOrderId} to ${effect.quantity} failed: ${result.left.message}`)
      return []
    }).pipe(Effect.annotateLogs({ positionId: effect.positionId }))

  /**
   * Fills the venue reports for an order that the record lacks (a missed execution): applied as one fill at the
   * order's average price under an id derived from the cumulative quantity, then the order's final status.
   */
  const replayFrom = (positionId: PositionId, order: ExchangeOrder) =>
    Effect.gen(function* () {
      const record = yield* registry.get(positionId)
      const clientOrderId = Option.getOrUndefined(order.clientOrderId)
      const tracked = Option.flatMap(record, (r) => Option.fromNullable(findOrder(r, clientOrderId, order.orderId)))
      if (Option.isNone(tracked)) return []
      const missing = order.filledQuantity.minus(tracked.value.filled)
      const price = Option.getOrUndefined(order.averageFillPrice)
      const at = yield* now
      const replayed =
        missing.gt(0) && price !== undefined
          ? yield* applyForEffects(positionId, {
              _tag: "OrderFilled",
              fillId: `replay:${order.orderId}:${order.filledQuantity}`,
              clientOrderId: tracked.value.clientOrderId,
              orderId: order.orderId,
              quantity: missing,
              price,
              fee: ZERO,
              at
            })
          : []
      return [...replayed, ...(yield* applyForEffects(positionId, orderUpdateEvent(order, at)))]
    })

  const replay = (effect: Extract<PositionEffect, { _tag: "ReplayFills" }>) =>
    Effect.gen(function* () {
      const found = yield* Effect.either(exchange.orderByClientId(effect.clientOrderId))
      if (Either.isLeft(found) || Option.isNone(found.right)) {
        yield* Effect.logWarning(`cannot replay fills of ${effect.clientOrderId}: the venue does not answer for it`)
        return []
      }
      return yield* replayFrom(effect.positionId, found.right.value)
    })

  const recordTrade = (positionId: PositionId) =>
    Effect.gen(function* () {
      const record = yield* registry.get(positionId)
      if (Option.isNone(record)) return []
      const p = record.value
      const outcome = tradeOf(p, deps.leverage)
      if (outcome._tag === "Priced") yield* deps.trades.insert(outcome.trade)
      else yield* Effect.logWarning(`trade of ${positionId} not recorded: ${outcome.reason}`)
      yield* deps.events.append(
        SystemEvent.make({
          timestamp: yield* now,
          eventType: "position_closed",
          symbol: p.symbol,
          details: {
            positionId,
            state: p.state,
            exitReason: p.exitReason ?? null,
            ...(outcome._tag === "Priced" ? { netPnl: outcome.trade.netPnl.toString() } : { unpriced: outcome.reason })
          }
        })
      )
      return []
    })

  const interpret = (effect: PositionEffect): Effect.Effect<ReadonlyArray<PositionEffect>> => {
    switch (effect._tag) {
      case "PlaceOrder":
        return place(effect.request)
      case "CancelOrder":
        return cancel(effect)
      case "AmendOrder":
        return amend(effect)
      case "ReplayFills":
        return replay(effect)
      case "RecordTrade":
        return recordTrade(effect.positionId)
      case "ProtectionLost":
        return Effect.as(deps.onAlert(effect), [])
    }
  }

  /** Runs effects and the effects their events produce, in order, until none remain. */
  const run = (initial: ReadonlyArray<PositionEffect>): Effect.Effect<void> =>
    Effect.gen(function* () {
      const queue = [...initial]
      let count = 0
      while (queue.length > 0) {
        if (count >= MAX_EFFECTS_PER_RUN) {
          yield* Effect.logError(`effect run stopped after ${count} effects; ${queue.length} left undone`)
          return
        }
        count += 1
        const next = queue.shift() as PositionEffect
        queue.push(...(yield* interpret(next)))
      }
    })

  /** Applies an event and carries out everything it asks for. */
  const applyAndRun = (positionId: PositionId, event: PositionEvent) =>
    Effect.flatMap(applyEvent(positionId, event), (t) => run(effectsOf(t)))

  return { applyEvent, run, applyAndRun, place, replayFrom, settleFromVenue }
}
