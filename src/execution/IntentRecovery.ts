import { Clock, Effect, Either, Option } from "effect"
import { ZERO } from "../domain/Money.ts"
import { isOrderDone } from "../domain/Order.ts"
import { isTerminalState } from "../domain/Position.ts"
import { symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExchangeOrder, ExchangePosition, ExchangeService } from "../exchange/Exchange.ts"
import type { Interpreter } from "./EffectInterpreter.ts"
import { findOrder, isLive, type ManagedPosition } from "./ManagedPosition.ts"
import { type IntentResolution, type OrderIntent, resolutionEvent, resolveIntent } from "./OrderIntent.ts"
import type { PositionRegistryService } from "./PositionRegistry.ts"
import { lookupOf } from "./VenueMapping.ts"

/** How many intents ended in each resolution; `waiting` are the client ids a failed lookup left unresolved. */
export interface IntentRecoveryReport {
  readonly resolutions: Readonly<Record<string, number>>
  readonly waiting: ReadonlyArray<string>
}

export interface RecoveryDeps {
  readonly exchange: ExchangeService
  readonly registry: PositionRegistryService
  readonly interpreter: Interpreter
  /** A pending entry older than this is no longer wanted: sending it late would trade a stale signal. */
  readonly maxEntryAgeMs: number
}

type Resolved = IntentResolution["_tag"] | "Adopted"

/** The record still waits for this order (it is tracked as requested on a live position). */
const stillWanted = (record: Option.Option<ManagedPosition>, intent: OrderIntent): boolean =>
  Option.match(record, {
    onNone: () => false,
    onSome: (p) => {
      const tracked = findOrder(p, intent.request.clientOrderId, undefined)
      return tracked !== undefined && tracked.status === "requested" && !isTerminalState(p.state)
    }
  })

/** The exchange position an entry the venue no longer lists has left behind, on the position's own side. */
const exposureLeft = (p: ManagedPosition, positions: ReadonlyArray<ExchangePosition>) =>
  positions.find((x) => symbolKey(x.symbol) === symbolKey(p.symbol) && x.side === p.side && x.size.gt(0))

/**
 * Resolves write-ahead intents against the venue (trading-core §5.12): a pending intent was certainly not sent,
 * a sent or unknown one is looked up by client id and never resent blindly. An entry the venue no longer lists
 * while it holds the position's exposure filled while we were away: the position adopts that exposure instead of
 * being cancelled, so it keeps its plan and is protected at once.
 */
export const makeIntentRecovery = (deps: RecoveryDeps) => {
  const { exchange, registry, interpreter } = deps

  const lookUp = (intent: OrderIntent) =>
    Effect.map(Effect.either(exchange.orderByClientId(intent.request.clientOrderId)), (result) => ({
      lookup: Either.match(result, {
        onLeft: (e) => ({ _tag: "LookupFailed" as const, reason: e.message }),
        onRight: lookupOf
      }),
      found: Either.getOrElse(result, () => Option.none<ExchangeOrder>())
    }))

  const adopt = (intent: OrderIntent, p: ManagedPosition, held: ExchangePosition, at: EpochMillis) =>
    Effect.gen(function* () {
      const clientOrderId = intent.request.clientOrderId
      yield* Effect.orDie(
        registry.recordIntentOutcome(clientOrderId, { _tag: "Adopted", reason: `exposure ${held.size} adopted` }, at)
      )
      yield* interpreter.applyAndRun(p.positionId, {
        _tag: "QuantityObserved",
        observationId: `recovered:${clientOrderId}`,
        quantity: held.size,
        ...(held.entryPrice.gt(0) ? { price: held.entryPrice } : {}),
        at
      })
      yield* interpreter.applyAndRun(p.positionId, {
        _tag: "OrderClosed",
        clientOrderId,
        status: "filled",
        filledQuantity: ZERO,
        at
      })
    })

  const resolveOne = (stale: OrderIntent, positions: Effect.Effect<ReadonlyArray<ExchangePosition>, unknown>) =>
    Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      // Re-read: resolving an earlier intent of the same position may have settled or replaced this one.
      const intent = Option.getOrElse(yield* registry.intent(stale.request.clientOrderId), () => stale)
      const positionId = intent.request.positionId
      const record = yield* registry.get(positionId)
      const tracked = Option.flatMap(record, (p) =>
        Option.fromNullable(findOrder(p, intent.request.clientOrderId, undefined))
      )
      const tooOld =
        intent.request.purpose === "entry" && intent.status === "pending" && at - intent.createdAt > deps.maxEntryAgeMs
      const wanted = stillWanted(record, intent) && !tooOld
      const first = resolveIntent(intent, wanted, undefined)
      const { lookup, found } =
        first._tag === "LookUp" ? yield* lookUp(intent) : { lookup: undefined, found: Option.none<ExchangeOrder>() }
      const resolution = first._tag === "LookUp" ? resolveIntent(intent, wanted, lookup) : first
      const clientOrderId = intent.request.clientOrderId
      switch (resolution._tag) {
        case "Settled":
          return "Settled" satisfies Resolved
        case "Wait":
          yield* Effect.logWarning(`intent ${intent.label} stays unresolved: ${resolution.reason}`)
          return "Wait" satisfies Resolved
        case "Send":
        case "Resend":
          yield* interpreter.run([{ _tag: "PlaceOrder", request: intent.request }])
          return resolution._tag
        case "Acknowledge": {
          yield* Effect.orDie(
            registry.recordIntentOutcome(clientOrderId, { _tag: "Acknowledged", orderId: resolution.orderId }, at)
          )
          yield* interpreter.applyAndRun(positionId, resolutionEvent(intent, resolution, at)!)
          // Fills and a final status it reached while we were away.
          if (Option.isSome(found) && (resolution.replayFills || isOrderDone(found.value.status)))
            yield* interpreter.run(yield* interpreter.replayFrom(positionId, found.value))
          return "Acknowledge"
        }
        case "Withdraw":
          yield* Effect.orDie(registry.withdrawIntent(clientOrderId, at))
          break
        case "Reject":
          yield* Effect.orDie(
            registry.recordIntentOutcome(clientOrderId, { _tag: "Rejected", reason: resolution.reason }, at)
          )
          break
        case "Abandon": {
          if (intent.request.purpose === "entry" && Option.isSome(record) && record.value.state === "PENDING") {
            const held = yield* Effect.either(positions)
            if (Either.isLeft(held)) {
              yield* Effect.logWarning(`intent ${intent.label} waits: exchange positions unknown`)
              return "Wait" satisfies Resolved
            }
            const left = exposureLeft(record.value, held.right)
            if (left !== undefined) {
              yield* adopt(intent, record.value, left, at)
              return "Adopted" satisfies Resolved
            }
          }
          yield* Effect.orDie(
            registry.recordIntentOutcome(clientOrderId, { _tag: "Rejected", reason: resolution.reason }, at)
          )
          break
        }
        case "LookUp":
          return "Wait" satisfies Resolved
      }
      // The record already knows how the order ended: only the intent needed settling.
      if (Option.isSome(tracked) && !isLive(tracked.value)) return resolution._tag
      const event = resolutionEvent(intent, resolution, at)
      if (event !== undefined) yield* interpreter.applyAndRun(positionId, event)
      return resolution._tag
    }).pipe(Effect.annotateLogs({ intent: stale.label }))

  const resolveAll = (intents: ReadonlyArray<OrderIntent>) =>
    Effect.gen(function* () {
      const positions = yield* Effect.cached(exchange.positions)
      const resolutions: Record<string, number> = {}
      const waiting: Array<string> = []
      for (const intent of intents) {
        const tag = yield* resolveOne(intent, positions)
        resolutions[tag] = (resolutions[tag] ?? 0) + 1
        if (tag === "Wait") waiting.push(intent.request.clientOrderId)
      }
      return { resolutions, waiting } satisfies IntentRecoveryReport
    })

  return {
    /** Startup: every pending, sent or unknown intent, before anything else is sent. */
    recoverAll: Effect.flatMap(registry.unresolvedIntents, resolveAll),
    /**
     * While running: only intents whose placement ended without an answer. Pending and sent ones belong to a
     * placement in flight in another fiber; resolving them here could send a second copy.
     */
    resolveUnknown: Effect.flatMap(registry.unresolvedIntents, (intents) =>
      resolveAll(intents.filter((i) => i.status === "unknown"))
    )
  }
}
