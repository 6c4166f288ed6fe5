import { SqlClient, SqlSchema } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { EventDetails, SystemEvent, SystemEventType } from "../domain/SystemEvent.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { CountRow, DbInt, DbJson, DbNullable, type TimeRange } from "./Columns.ts"

const SystemEventRow = Schema.Struct({
  timestamp: DbInt,
  eventType: Schema.String,
  symbol: DbNullable(Schema.String),
  decisionId: DbNullable(Schema.String),
  details: DbJson(EventDetails)
})

/** A system_events row as the domain's SystemEvent. */
export const SystemEventFromRow = Schema.compose(SystemEventRow, SystemEvent, { strict: false })

/** The append-only event log (system_events). */
export class SystemEventRepository extends Context.Tag("SystemEventRepository")<
  SystemEventRepository,
  {
    readonly append: (event: SystemEvent) => Effect.Effect<void>
    /** Events of one type with timestamp in [from, to), oldest first (ties in write order). */
    readonly byType: (eventType: SystemEventType, range: TimeRange) => Effect.Effect<ReadonlyArray<SystemEvent>>
    /** Every event of one decision, in write order. */
    readonly byDecision: (decisionId: string) => Effect.Effect<ReadonlyArray<SystemEvent>>
    /** Deletes events of one type older than `before` (retention of decision traces); returns how many. */
    readonly prune: (eventType: SystemEventType, before: number) => Effect.Effect<number>
  }
>() {}

export const makeSystemEventRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const encodeRow = Schema.encode(SystemEventFromRow)

  const findByType = SqlSchema.findAll({
    Request: Schema.Struct({ eventType: SystemEventType, from: Schema.Int, to: Schema.Int }),
    Result: SystemEventFromRow,
    execute: (r) => sql`SELECT * FROM system_events
      WHERE event_type = ${r.eventType} AND timestamp >= ${r.from} AND timestamp < ${r.to}
      ORDER BY timestamp, id`
  })
  const findByDecision = SqlSchema.findAll({
    Request: Schema.String,
    Result: SystemEventFromRow,
    execute: (decisionId) => sql`SELECT * FROM system_events WHERE decision_id = ${decisionId} ORDER BY id`
  })
  const countOlder = SqlSchema.single({
    Request: Schema.Struct({ eventType: SystemEventType, before: Schema.Int }),
    Result: CountRow,
    execute: (r) =>
      sql`SELECT COUNT(*) AS n FROM system_events WHERE event_type = ${r.eventType} AND timestamp < ${r.before}`
  })

  return SystemEventRepository.of({
    append: tracedFn("SystemEventRepository.append")(function* (event: SystemEvent) {
      const row = yield* encodeRow(event)
      yield* sql`INSERT INTO system_events ${sql.insert(row)}`
    }, Effect.orDie),
    byType: tracedFn("SystemEventRepository.byType")(
      (eventType: SystemEventType, range: TimeRange) => findByType({ eventType, ...range }),
      Effect.orDie
    ),
    byDecision: tracedFn("SystemEventRepository.byDecision")(findByDecision, Effect.orDie),
    prune: tracedFn("SystemEventRepository.prune")(
      function* (eventType: SystemEventType, before: number) {
        const { n } = yield* countOlder({ eventType, before })
        yield* sql`DELETE FROM system_events WHERE event_type = ${eventType} AND timestamp < ${before}`
        return n
      },
      sql.withTransaction,
      Effect.orDie
    )
  })
})

export const SystemEventRepositoryLive = Layer.effect(SystemEventRepository, makeSystemEventRepository)
