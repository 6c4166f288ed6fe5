import { SqlClient, SqlSchema } from "@effect/sql"
import { Context, Effect, Layer, type Option, Schema } from "effect"
import { AccountState } from "../domain/AccountState.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { DbInt } from "./Columns.ts"

const AccountStateRow = Schema.Struct({
  timestamp: DbInt,
  equity: Schema.String,
  balance: Schema.String,
  marginUsed: Schema.String,
  availableMargin: Schema.String,
  unrealizedPnl: Schema.String
})

/** An account_state row as the domain's AccountState. */
export const AccountStateFromRow = Schema.compose(AccountStateRow, AccountState, { strict: false })

/** Snapshots of the futures account over time. */
export class AccountStateRepository extends Context.Tag("AccountStateRepository")<
  AccountStateRepository,
  {
    readonly append: (snapshot: AccountState) => Effect.Effect<void>
    /** The snapshot with the newest timestamp (the last written among equal timestamps). */
    readonly latest: Effect.Effect<Option.Option<AccountState>>
  }
>() {}

export const makeAccountStateRepository = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const encodeRow = Schema.encode(AccountStateFromRow)

  const findLatest = SqlSchema.findOne({
    Request: Schema.Void,
    Result: AccountStateFromRow,
    execute: () => sql`SELECT * FROM account_state ORDER BY timestamp DESC, id DESC LIMIT 1`
  })

  return AccountStateRepository.of({
    append: tracedFn("AccountStateRepository.append")(function* (snapshot: AccountState) {
      const row = yield* encodeRow(snapshot)
      yield* sql`INSERT INTO account_state ${sql.insert(row)}`
    }, Effect.orDie),
    latest: findLatest(undefined).pipe(Effect.orDie, Effect.withSpan("AccountStateRepository.latest"))
  })
})

export const AccountStateRepositoryLive = Layer.effect(AccountStateRepository, makeAccountStateRepository)
