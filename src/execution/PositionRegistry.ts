import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import type { SqliteClient } from "@effect/sql-sqlite-node"
import { Context, Effect, Either, Layer, Option, Schema } from "effect"
import type { ClientOrderId, ExchangeOrderId } from "../domain/Order.ts"
import { isTerminalState, PositionId } from "../domain/Position.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { admitEntry, type EntryRefused } from "./Admission.ts"
import { type MachineRules, ManagedPosition } from "./ManagedPosition.ts"
import { newIntent, OrderIntent, recordOutcome, type SendOutcome } from "./OrderIntent.ts"
import type { Step } from "./Orders.ts"
import type { PositionEffect } from "./PositionEffect.ts"
import { PositionEvent } from "./PositionEvent.ts"
import { DEFAULT_RULES, type Transition, transition } from "./PositionMachine.ts"
import { DEFAULT_REGISTRY_PATH, openRegistryDatabase, type RegistryDirectoryUnavailable } from "./RegistryDatabase.ts"
import type { TransitionError } from "./TransitionError.ts"

/** No position with this id is registered. */
export class UnknownPosition extends Schema.TaggedError<UnknownPosition>()("UnknownPosition", {
  positionId: Schema.String
}) {
  override get message() {
    return `no position ${this.positionId} in the registry`
  }
}

/** No intent with this client order id is recorded. */
export class UnknownIntent extends Schema.TaggedError<UnknownIntent>()("UnknownIntent", {
  clientOrderId: Schema.String
}) {
  override get message() {
    return `no order intent ${this.clientOrderId} in the registry`
  }
}

export interface PositionRegistryService {
  /**
   * The machine's rules this registry applies transitions with: the one source every execution service (executor,
   * reconciler, protection, trailing) reads its policy from, so they cannot drift from the stops it places.
   */
  readonly rules: MachineRules
  /**
   * Registers a new position with the write-ahead intents of its effects (the entry), refusing it when the
   * symbol already has a non-terminal position or exchange exposure. Registering the same id again is a no-op.
   */
  readonly register: (
    opened: Step,
    exchangeExposure?: ReadonlySet<SymbolKey>
  ) => Effect.Effect<ReadonlyArray<PositionEffect>, EntryRefused>
  /**
   * Applies one event: the new record, the event's identity and the intents of new placements are written in
   * one transaction, so a crash leaves either all or none. A duplicate event returns no effects.
   */
  readonly apply: (
    positionId: PositionId,
    event: PositionEvent
  ) => Effect.Effect<Transition, TransitionError | UnknownPosition>
  readonly get: (positionId: PositionId) => Effect.Effect<Option.Option<ManagedPosition>>
  /** Every non-terminal position. */
  readonly active: Effect.Effect<ReadonlyArray<ManagedPosition>>
  /** The position that owns an order, by client order id or venue id (routing exchange events). */
  readonly ownerOf: (
    clientOrderId: ClientOrderId | undefined,
    orderId: ExchangeOrderId | undefined
  ) => Effect.Effect<Option.Option<PositionId>>
  readonly intent: (clientOrderId: ClientOrderId) => Effect.Effect<Option.Option<OrderIntent>>
  /** Intents that are pending, sent or unknown: the startup pass resolves each before anything is sent. */
  readonly unresolvedIntents: Effect.Effect<ReadonlyArray<OrderIntent>>
  /** Committed just before the transport call: from here on the venue may have the order. */
  readonly markIntentSent: (clientOrderId: ClientOrderId, at: EpochMillis) => Effect.Effect<void, UnknownIntent>
  readonly recordIntentOutcome: (
    clientOrderId: ClientOrderId,
    outcome: SendOutcome,
    at: EpochMillis
  ) => Effect.Effect<void, UnknownIntent>
  /** Withdraws a pending (never sent) intent; false when it may already be on the venue. */
  readonly withdrawIntent: (clientOrderId: ClientOrderId, at: EpochMillis) => Effect.Effect<boolean, UnknownIntent>
}

export class PositionRegistry extends Context.Tag("PositionRegistry")<PositionRegistry, PositionRegistryService>() {}

export interface RegistrySettings {
  /** SQLite file (its folder is created); ":memory:" for a private in-memory registry. */
  readonly filename: string
  readonly rules: MachineRules
}

const RecordJson = Schema.parseJson(ManagedPosition)
const IntentJson = Schema.parseJson(OrderIntent)
const EventJson = Schema.parseJson(PositionEvent)

// Stored values were written by this module: a row that does not decode is corruption, a defect.
const encodeRecord = Schema.encodeSync(RecordJson)
const decodeRecord = Schema.decodeUnknownSync(RecordJson)
const encodeIntent = Schema.encodeSync(IntentJson)
const decodeIntent = Schema.decodeUnknownSync(IntentJson)
const encodeEvent = Schema.encodeSync(EventJson)

export const makePositionRegistry = (sql: SqliteClient.SqliteClient, rules: MachineRules): PositionRegistryService => {
  // A caller inside a transaction of the main database must not lend its connection to this file's queries.
  const isolated = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.mapInputContext(effect, (context: Context.Context<never>) =>
      Context.omit(SqlClient.TransactionConnection)(context)
    )

  const readRecord = (positionId: string) =>
    Effect.map(sql<{ record: string }>`SELECT record FROM positions WHERE position_id = ${positionId}`, (rows) =>
      Option.map(Option.fromNullable(rows[0]), (row) => decodeRecord(row.record))
    )

  const readActive = Effect.map(sql<{ record: string }>`SELECT record FROM positions WHERE terminal = 0`, (rows) =>
    rows.map((row) => decodeRecord(row.record))
  )

  const readIntent = (clientOrderId: string) =>
    Effect.map(
      sql<{ intent: string }>`SELECT intent FROM order_intents WHERE client_order_id = ${clientOrderId}`,
      (rows) => Option.map(Option.fromNullable(rows[0]), (row) => decodeIntent(row.intent))
    )

  const writeIntent = (intent: OrderIntent) =>
    sql`INSERT INTO order_intents (client_order_id, position_id, seq, order_id, status, intent, created_at, updated_at)
        VALUES (${intent.request.clientOrderId}, ${intent.request.positionId}, ${intent.request.seq},
                ${intent.orderId ?? null}, ${intent.status}, ${encodeIntent(intent)}, ${intent.createdAt},
                ${intent.updatedAt})
        ON CONFLICT (client_order_id) DO UPDATE SET order_id = excluded.order_id, status = excluded.status,
          intent = excluded.intent, updated_at = excluded.updated_at`

  const writeIntentsOf = (effects: ReadonlyArray<PositionEffect>, at: EpochMillis) =>
    Effect.forEach(
      effects.flatMap((e) => (e._tag === "PlaceOrder" ? [newIntent(e.request, at)] : [])),
      writeIntent,
      { discard: true }
    )

  const writeRecord = (p: ManagedPosition) =>
    sql`INSERT INTO positions (position_id, symbol_key, state, terminal, record, updated_at)
        VALUES (${p.positionId}, ${symbolKey(p.symbol)}, ${p.state}, ${isTerminalState(p.state) ? 1 : 0},
                ${encodeRecord(p)}, ${p.updatedAt})
        ON CONFLICT (position_id) DO UPDATE SET state = excluded.state, terminal = excluded.terminal,
          record = excluded.record, updated_at = excluded.updated_at`

  const updateIntent = (clientOrderId: ClientOrderId, change: (intent: OrderIntent) => OrderIntent | undefined) =>
    sql.withTransaction(
      Effect.gen(function* () {
        const stored = yield* readIntent(clientOrderId)
        if (Option.isNone(stored)) return yield* new UnknownIntent({ clientOrderId })
        const changed = change(stored.value)
        if (changed !== undefined) yield* writeIntent(changed)
        return changed !== undefined
      })
    )

  // SQL failures on the registry file are defects: the caller cannot act on them, the supervisor restarts.
  const run = <A, E>(effect: Effect.Effect<A, E | SqlError>): Effect.Effect<A, Exclude<E, SqlError>> =>
    isolated(Effect.catchIf(effect, (e): e is SqlError => e instanceof SqlError, Effect.die))

  return {
    rules,
    register: tracedFn("PositionRegistry.register")(function* (opened, exchangeExposure = new Set()) {
      const p = opened.record
      return yield* run(
        sql.withTransaction(
          Effect.gen(function* () {
            if (Option.isSome(yield* readRecord(p.positionId))) return []
            yield* admitEntry(yield* readActive, exchangeExposure, p.symbol, p.side)
            yield* writeRecord(p)
            yield* writeIntentsOf(opened.effects, p.openedAt)
            return opened.effects
          })
        )
      )
    }),

    apply: tracedFn("PositionRegistry.apply")(function* (positionId, event) {
      return yield* run(
        sql.withTransaction(
          Effect.gen(function* () {
            const stored = yield* readRecord(positionId)
            if (Option.isNone(stored)) return yield* new UnknownPosition({ positionId })
            const result = yield* Either.match(transition(stored.value, event, rules), {
              onLeft: (error) => Effect.fail(error),
              onRight: (t) => Effect.succeed(t)
            })
            if (result.processedEventId === undefined) return result
            yield* writeRecord(result.record)
            yield* sql`INSERT INTO position_events (position_id, event_id, event, applied_at)
                       VALUES (${positionId}, ${result.processedEventId}, ${encodeEvent(event)}, ${event.at})`
            yield* writeIntentsOf(result.effects, event.at)
            return result
          })
        )
      )
    }),

    get: tracedFn("PositionRegistry.get")(function* (positionId) {
      return yield* run(readRecord(positionId))
    }),

    active: run(readActive).pipe(Effect.withSpan("PositionRegistry.active")),

    ownerOf: tracedFn("PositionRegistry.ownerOf")(function* (clientOrderId, orderId) {
      const rows = yield* run(
        sql<{ positionId: string }>`SELECT position_id AS "positionId" FROM order_intents
          WHERE client_order_id = ${clientOrderId ?? null} OR order_id = ${orderId ?? null} LIMIT 1`
      )
      return Option.map(Option.fromNullable(rows[0]), (row) => PositionId.make(row.positionId))
    }),

    intent: tracedFn("PositionRegistry.intent")(function* (clientOrderId) {
      return yield* run(readIntent(clientOrderId))
    }),

    unresolvedIntents: run(
      Effect.map(
        sql<{ intent: string }>`SELECT intent FROM order_intents WHERE status IN ('pending', 'sent', 'unknown')
          ORDER BY created_at, position_id, seq`,
        (rows) => rows.map((row) => decodeIntent(row.intent))
      )
    ).pipe(Effect.withSpan("PositionRegistry.unresolvedIntents")),

    markIntentSent: tracedFn("PositionRegistry.markIntentSent")(function* (clientOrderId, at) {
      yield* run(updateIntent(clientOrderId, (intent) => ({ ...intent, status: "sent", updatedAt: at })))
    }),

    recordIntentOutcome: tracedFn("PositionRegistry.recordIntentOutcome")(function* (clientOrderId, outcome, at) {
      yield* run(updateIntent(clientOrderId, (intent) => recordOutcome(intent, outcome, at)))
    }),

    withdrawIntent: tracedFn("PositionRegistry.withdrawIntent")(function* (clientOrderId, at) {
      return yield* run(
        updateIntent(clientOrderId, (intent) =>
          intent.status === "pending" ? { ...intent, status: "withdrawn", updatedAt: at } : undefined
        )
      )
    })
  }
}

/** The registry on its own SQLite file (default `data/positions.db`), closed with the layer's scope. */
export const layer = (
  settings: Partial<RegistrySettings> = {}
): Layer.Layer<PositionRegistry, RegistryDirectoryUnavailable | SqlError> =>
  Layer.scoped(
    PositionRegistry,
    Effect.map(openRegistryDatabase(settings.filename ?? DEFAULT_REGISTRY_PATH), (sql) =>
      makePositionRegistry(sql, settings.rules ?? DEFAULT_RULES)
    )
  )
