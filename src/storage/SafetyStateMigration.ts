import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Migration 2: the one-row safety_state table behind the SqlSafetyStore. The record is JSON text on both
 * dialects, so an unreadable value is read back as it is (and fails closed) instead of failing the query.
 */
export const createSafetyState = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE safety_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    record TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  )`
})
