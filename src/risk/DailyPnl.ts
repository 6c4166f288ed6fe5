import { Decimal, ZERO } from "../domain/Money.ts"
import type { EpochMillis } from "../domain/Time.ts"

const DAY_MS = 86_400_000

/** UTC day number of an instant (days since the epoch): the daily loss limit resets at midnight UTC. */
export const utcDay = (at: EpochMillis): number => Math.floor(at / DAY_MS)

/**
 * The day's loss-limit ledger (§3.7): start equity taken at the first account read of the UTC day, realised net
 * P&L of the trades closed since. Rebuilt from the trades table after a restart (`realisedOn`), so only the start
 * equity needs persisting.
 */
export interface DailyPnl {
  readonly day: number
  readonly startEquity: Decimal
  readonly realisedPnl: Decimal
}

export const openDay = (equity: Decimal, now: EpochMillis, realisedPnl: Decimal = ZERO): DailyPnl => ({
  day: utcDay(now),
  startEquity: equity,
  realisedPnl
})

/** A new day starts a new ledger at the current equity; within the day the ledger is unchanged. */
export const rollDay = (state: DailyPnl, equity: Decimal, now: EpochMillis): DailyPnl =>
  utcDay(now) === state.day ? state : openDay(equity, now)

/** Adds one closed trade's net P&L when it closed on the ledger's day. */
export const recordTradePnl = (state: DailyPnl, netPnl: Decimal, exitedAt: EpochMillis): DailyPnl =>
  utcDay(exitedAt) === state.day ? { ...state, realisedPnl: state.realisedPnl.plus(netPnl) } : state

/** Realised net P&L of the trades that closed on the UTC day of `now`. */
export const realisedOn = (
  trades: ReadonlyArray<{ readonly netPnl: Decimal; readonly exitedAt: EpochMillis }>,
  now: EpochMillis
): Decimal => trades.filter((t) => utcDay(t.exitedAt) === utcDay(now)).reduce((sum, t) => sum.plus(t.netPnl), ZERO)

/** Loss as a fraction of start equity (0 when flat or up); undefined when no start equity is known (fail closed). */
export const dailyLossFraction = (state: DailyPnl): Decimal | undefined => {
  if (state.startEquity.lte(0)) return undefined
  return state.realisedPnl.gte(0) ? ZERO : state.realisedPnl.abs().div(state.startEquity)
}

export type DailyLossLevel = "ok" | "warning" | "breached"

export interface DailyLossParams {
  readonly daily_loss_limit_pct: number
  /** Warning alert above this share of the limit (0.7). */
  readonly daily_loss_warning_fraction: number
}

/** Alert level: warning above `daily_loss_warning_fraction` of the limit, breached above the limit (or unknown). */
export const dailyLossLevel = (state: DailyPnl, params: DailyLossParams): DailyLossLevel => {
  const loss = dailyLossFraction(state)
  if (loss === undefined || loss.gt(params.daily_loss_limit_pct)) return "breached"
  return loss.gt(new Decimal(params.daily_loss_limit_pct).times(params.daily_loss_warning_fraction)) ? "warning" : "ok"
}
