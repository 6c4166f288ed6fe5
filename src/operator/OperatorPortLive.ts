import { SqlClient } from "@effect/sql"
import { Clock, Effect, Layer, Schema } from "effect"
import { marginUsage } from "../domain/AccountState.ts"
import { Decimal, ZERO } from "../domain/Money.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { Exchange, type ExchangeOrder } from "../exchange/Exchange.ts"
import {
  type KillSwitchView,
  OperatorError,
  type OperatorPnl,
  Operator as OperatorPort,
  type OperatorStatus
} from "../monitoring/OperatorPort.ts"
import type { KillSwitchState } from "../safety/KillSwitch.ts"
import type { SafetyStoreError } from "../safety/SafetyStore.ts"
import { DbInt } from "../storage/Columns.ts"
import { TradeRepository } from "../storage/TradeRepository.ts"
import { toDomainOrders, venueOpenOrders } from "./OpenOrders.ts"
import { Operator, type OperatorStatusReport } from "./Operator.ts"

const DAY_MS = 86_400_000

const killSwitchView = (ks: KillSwitchState): KillSwitchView =>
  ks._tag === "Inactive" ? { active: false } : { active: true, reason: ks.reason, since: ks.activatedAt }

const asOperatorError = (operation: string) => (error: SafetyStoreError) =>
  new OperatorError({ operation, reason: error.message })

const PnlRow = Schema.Struct({ netPnl: Schema.String, exitedAt: DbInt })

/** Realized P&L over every trade and over today's (UTC) exits, summed exactly. */
const realizedPnl = (rows: ReadonlyArray<typeof PnlRow.Type>, now: EpochMillis) => {
  const dayStart = now - (now % DAY_MS)
  const today = rows.filter((r) => r.exitedAt >= dayStart).map((r) => new Decimal(r.netPnl))
  return {
    realizedTotal: rows.reduce((sum, r) => sum.plus(r.netPnl), ZERO),
    realizedToday: today.reduce((sum, v) => sum.plus(v), ZERO),
    tradesToday: today.length,
    winsToday: today.filter((v) => v.gt(0)).length
  }
}

/** What only the live process knows. */
export interface LiveFacts {
  readonly startedAt: EpochMillis
  /** The venue's working orders; fails while they are unknown (feed not synced). */
  readonly openOrders: Effect.Effect<ReadonlyArray<ExchangeOrder>, OperatorError>
}

/**
 * The monitoring OperatorPort (Telegram bot, dashboard) over the command core: the same status, kill and resume
 * as the CLI, plus the live process's start time and the venue's open orders. `kill` latches the switch; the live
 * process cancels the entry and take-profit orders at its next tick, so `cancelledOrders` is always 0 here.
 */
export const operatorPortLayer = (live: LiveFacts) =>
  Layer.effect(
    OperatorPort,
    Effect.gen(function* () {
      const core = yield* Operator
      const trades = yield* TradeRepository
      const sql = yield* SqlClient.SqlClient
      const decodePnlRows = Schema.decodeUnknown(Schema.Array(PnlRow))
      const coreStatus = Effect.mapError(core.status, asOperatorError("status"))

      // Counted from the venue's list as is, so an order the port cannot show as a domain Order still counts.
      const status = Effect.gen(function* () {
        const [report, orders] = yield* Effect.all([coreStatus, live.openOrders], { concurrency: "unbounded" })
        return portStatus(report, orders.length, live.startedAt)
      })

      const pnl = Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const report = yield* coreStatus
        const rows = yield* sql`SELECT net_pnl, exited_at FROM trades`.pipe(Effect.flatMap(decodePnlRows), Effect.orDie)
        const result: OperatorPnl = {
          equity: report.account?.equity ?? ZERO,
          unrealized: report.account?.unrealizedPnl ?? ZERO,
          ...realizedPnl(rows, now)
        }
        return result
      })

      return OperatorPort.of({
        status,
        positions: Effect.map(coreStatus, (r) => r.positions),
        trades: trades.recent,
        orders: Effect.flatMap(live.openOrders, toDomainOrders),
        pnl,
        kill: (reason) =>
          core.kill({ reason, flatten: false }).pipe(
            Effect.map((r) => ({ alreadyActive: r.alreadyActive, cancelledOrders: 0 })),
            Effect.mapError(asOperatorError("kill"))
          ),
        resume: core.resume.pipe(
          Effect.map((r) => ({
            resumed: r.cleared,
            detail: r.cleared ? `was ${r.previous.level}; trading resumes at the next tick` : "trading was not halted"
          })),
          Effect.mapError(asOperatorError("resume"))
        )
      })
    })
  )

/**
 * The port of the live process, started now: its Exchange for the open orders, its database (repositories, safety
 * store and the SqlClient they share) for everything else.
 */
export const OperatorPortLive = Layer.unwrapEffect(
  Effect.gen(function* () {
    const exchange = yield* Exchange
    const startedAt = yield* Clock.currentTimeMillis
    return operatorPortLayer({ startedAt, openOrders: venueOpenOrders(exchange) })
  })
).pipe(Layer.provide(Operator.layer))

/** The port's status view of the command core's report. */
export const portStatus = (
  report: OperatorStatusReport,
  openOrders: number,
  startedAt: EpochMillis
): OperatorStatus => ({
  mode: report.mode,
  safetyLevel: report.safety.level,
  killSwitch: killSwitchView(report.safety.killSwitch),
  equity: report.account?.equity ?? ZERO,
  availableMargin: report.account?.availableMargin ?? ZERO,
  marginUsage: report.account === undefined ? 0 : (marginUsage(report.account) ?? 0),
  openPositions: report.positions.length,
  openOrders,
  lastTickAt: report.lastTickAt,
  startedAt
})
