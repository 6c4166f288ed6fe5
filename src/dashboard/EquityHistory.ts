import { SqlClient, SqlSchema } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { DecimalFromString } from "../domain/Money.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { DbInt, type TimeRange } from "../storage/Columns.ts"
import type { EquityPoint } from "./DashboardViews.ts"

/** Keeps every `step`-th point and always the last, so a long window still draws as at most `maxPoints`. */
export const thin = <A>(points: ReadonlyArray<A>, maxPoints: number): ReadonlyArray<A> => {
  if (points.length <= maxPoints) return points
  const step = Math.ceil(points.length / maxPoints)
  const kept = points.filter((_, index) => index % step === 0)
  const last = points[points.length - 1]
  return last === undefined || kept[kept.length - 1] === last ? kept : [...kept, last]
}

const EquityRow = Schema.Struct({ timestamp: DbInt, equity: DecimalFromString })

/**
 * The equity series for the dashboard's chart, read from the account_state snapshots (the repository only offers
 * the latest snapshot; the chart needs a window).
 */
export class EquityHistory extends Context.Tag("EquityHistory")<
  EquityHistory,
  {
    /** Snapshots with timestamp in [from, to), oldest first, thinned to at most `maxPoints`. */
    readonly series: (range: TimeRange, maxPoints: number) => Effect.Effect<ReadonlyArray<EquityPoint>>
  }
>() {}

export const makeEquityHistory = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const findRange = SqlSchema.findAll({
    Request: Schema.Struct({ from: Schema.Int, to: Schema.Int }),
    Result: EquityRow,
    execute: (r) => sql`SELECT timestamp, equity FROM account_state
      WHERE timestamp >= ${r.from} AND timestamp < ${r.to} ORDER BY timestamp, id`
  })
  return EquityHistory.of({
    series: tracedFn("EquityHistory.series")(function* (range: TimeRange, maxPoints: number) {
      return thin(yield* findRange(range), maxPoints)
    }, Effect.orDie)
  })
})

/** Over the SqlClient the repositories use (account_state must exist: run the migrations first). */
export const EquityHistoryLive = Layer.effect(EquityHistory, makeEquityHistory)
