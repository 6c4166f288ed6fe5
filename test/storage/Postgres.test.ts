import { randomBytes } from "node:crypto"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { databaseLayer } from "../../src/storage/Database.ts"
import { repositorySuite } from "./repositorySuite.ts"

const databaseUrl = process.env.DATABASE_URL

const pgLayer = (url: string) => databaseLayer({ databaseUrl: Option.some(Redacted.make(url)), sqlitePath: "unused" })

/**
 * A private schema per database built: created on the server, set as the client's search_path through the
 * connection's startup options, and dropped afterwards, so concurrent runs never see each other's tables.
 */
const isolatedDatabase = (baseUrl: string) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const schema = `storage_test_${process.pid}_${randomBytes(6).toString("hex")}`
      const admin = Context.get(yield* Layer.build(pgLayer(baseUrl)), SqlClient.SqlClient)
      yield* Effect.acquireRelease(admin.unsafe(`CREATE SCHEMA ${schema}`), () =>
        Effect.orDie(admin.unsafe(`DROP SCHEMA ${schema} CASCADE`))
      )
      const url = new URL(baseUrl)
      url.searchParams.set("options", `-c search_path=${schema}`)
      return pgLayer(url.toString())
    })
  )

describe.skipIf(databaseUrl === undefined)(
  databaseUrl === undefined ? "PostgreSQL: DATABASE_URL not set" : "PostgreSQL",
  () => {
    const baseUrl = databaseUrl ?? ""

    it.effect("the client works inside its private schema", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const [row] = yield* sql<{ schema: string }>`SELECT current_schema() AS schema`
        expect(row?.schema).toMatch(/^storage_test_\d+_[0-9a-f]{12}$/)
      }).pipe(Effect.provide(isolatedDatabase(baseUrl)))
    )

    it.effect("the private schema is dropped when the layer is released", () =>
      Effect.gen(function* () {
        const schema = yield* Effect.scoped(
          Effect.gen(function* () {
            const context = yield* Layer.build(isolatedDatabase(baseUrl))
            const sql = Context.get(context, SqlClient.SqlClient)
            const [row] = yield* sql<{ schema: string }>`SELECT current_schema() AS schema`
            return row?.schema ?? ""
          })
        )
        const sql = yield* SqlClient.SqlClient
        const left = yield* sql`SELECT 1 FROM information_schema.schemata WHERE schema_name = ${schema}`
        expect(schema).not.toBe("")
        expect(left).toEqual([])
      }).pipe(Effect.provide(pgLayer(baseUrl)))
    )

    repositorySuite(() => isolatedDatabase(baseUrl))
  }
)
