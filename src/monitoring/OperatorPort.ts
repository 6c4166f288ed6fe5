import { Context, type Effect, Schema } from "effect"
import type { Decimal } from "../domain/Money.ts"
import type { Order } from "../domain/Order.ts"
import type { Position } from "../domain/Position.ts"
import type { Trade } from "../domain/Trade.ts"
import type { SafetyLevel } from "../safety/SafetyLevel.ts"

export type KillSwitchView =
  | { readonly active: false }
  | { readonly active: true; readonly reason: string; readonly since: number }

export interface OperatorStatus {
  readonly mode: "paper" | "live"
  readonly safetyLevel: SafetyLevel
  readonly killSwitch: KillSwitchView
  readonly equity: Decimal
  readonly availableMargin: Decimal
  /** Margin in use as a fraction of equity (0.25 = 25 %). */
  readonly marginUsage: number
  readonly openPositions: number
  readonly openOrders: number
  /** Epoch ms of the last completed tick; undefined before the first. */
  readonly lastTickAt: number | undefined
  readonly startedAt: number
}

export interface OperatorPnl {
  readonly equity: Decimal
  readonly realizedToday: Decimal
  readonly unrealized: Decimal
  readonly realizedTotal: Decimal
  readonly tradesToday: number
  readonly winsToday: number
}

export interface KillOutcome {
  /** The switch was already on; nothing new happened. */
  readonly alreadyActive: boolean
  /** Entry and take-profit orders cancelled (stops are kept). */
  readonly cancelledOrders: number
}

export interface ResumeOutcome {
  readonly resumed: boolean
  /** Why not, or what state trading resumed in. */
  readonly detail: string
}

/** An operator command the trading services could not answer. */
export class OperatorError extends Schema.TaggedError<OperatorError>()("OperatorError", {
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.reason}`
  }
}

/**
 * The one command core behind the Telegram bot, the CLI and the dashboard (style §7): read-only views and the two
 * actions, as plain data. The live implementation sits over the trading services; tests provide their own.
 */
export interface OperatorService {
  readonly status: Effect.Effect<OperatorStatus, OperatorError>
  /** Open (non-terminal) positions. */
  readonly positions: Effect.Effect<ReadonlyArray<Position>, OperatorError>
  /** The most recent closed trades, newest first. */
  readonly trades: (limit: number) => Effect.Effect<ReadonlyArray<Trade>, OperatorError>
  /** Open orders on the venue. */
  readonly orders: Effect.Effect<ReadonlyArray<Order>, OperatorError>
  readonly pnl: Effect.Effect<OperatorPnl, OperatorError>
  readonly kill: (reason: string) => Effect.Effect<KillOutcome, OperatorError>
  readonly resume: Effect.Effect<ResumeOutcome, OperatorError>
}

export class Operator extends Context.Tag("Operator")<Operator, OperatorService>() {}
