import type { Decimal } from "../domain/Money.ts"
import type { SetupType } from "../domain/Signal.ts"
import { baseOfKey, type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import type { ExitReason, Trade } from "../domain/Trade.ts"

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

/**
 * A closed trade as the cooldown rules read it (a projection of the trades table and the position's setup).
 * Every cooldown is a pure function of these and `now`, so a restart that reloads recent trades restores every
 * cooldown: nothing else needs persisting (§4 "Do: persist cooldowns").
 */
export interface ClosedTrade {
  readonly key: SymbolKey
  readonly netPnl: Decimal
  readonly enteredAt: EpochMillis
  readonly exitedAt: EpochMillis
  readonly exitReason: ExitReason
  /** OB/FVG setups (the `tight_smc` regime) have the shorter loss-streak limit. */
  readonly tight: boolean
}

/** Projection of a recorded trade; the setup type comes from its position (trades do not store it). */
export const closedTradeOf = (trade: Trade, setupType: SetupType | undefined): ClosedTrade => ({
  key: symbolKey(trade.symbol),
  netPnl: trade.netPnl,
  enteredAt: trade.enteredAt,
  exitedAt: trade.exitedAt,
  exitReason: trade.exitReason,
  tight: setupType === "ob" || setupType === "fvg"
})

export type CooldownKind =
  | "IN_POSITION"
  | "POST_CLOSE_WIN"
  | "POST_CLOSE_LOSS"
  | "POST_CLOSE_STRATEGIC"
  | "SYMBOL_LOSS"
  | "CHURN"

/** An active cooldown; `until` is absent while it lasts indefinitely (a symbol still held). */
export interface Cooldown {
  readonly kind: CooldownKind
  readonly until?: EpochMillis
}

const active = (kind: CooldownKind, until: EpochMillis, now: EpochMillis): Cooldown | undefined =>
  now < until ? { kind, until } : undefined

const sameBase = (key: SymbolKey) => (t: ClosedTrade) => baseOfKey(t.key) === baseOfKey(key)

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Chronological order of closed trades by exit, total over every field, so rules that replay trades give the same
 * answer whatever order the store returned them in.
 */
export const byExit = (a: ClosedTrade, b: ClosedTrade): number =>
  a.exitedAt - b.exitedAt ||
  a.enteredAt - b.enteredAt ||
  compareText(a.key, b.key) ||
  a.netPnl.comparedTo(b.netPnl) ||
  compareText(a.exitReason, b.exitReason) ||
  Number(a.tight) - Number(b.tight)

export interface SymbolLossParams {
  readonly symbol_loss_cooldown_enabled: boolean
  readonly symbol_loss_lookback_hours: number
  readonly symbol_loss_threshold: number
  readonly symbol_loss_cooldown_hours: number
}

/** `symbol_loss_threshold` losing trades of one base within the lookback → no entries for the cooldown hours. */
export const symbolLossCooldown = (
  trades: ReadonlyArray<ClosedTrade>,
  key: SymbolKey,
  now: EpochMillis,
  p: SymbolLossParams
): Cooldown | undefined => {
  if (!p.symbol_loss_cooldown_enabled) return undefined
  const lossTimes = trades
    .filter((t) => sameBase(key)(t) && t.netPnl.lt(0) && t.exitedAt <= now)
    .map((t) => t.exitedAt)
    .sort((a, b) => a - b)
  const lookback = p.symbol_loss_lookback_hours * HOUR_MS
  let until: EpochMillis | undefined
  lossTimes.forEach((at, i) => {
    const inWindow = lossTimes.slice(0, i + 1).filter((t) => t > at - lookback).length
    if (inWindow >= p.symbol_loss_threshold) until = at + p.symbol_loss_cooldown_hours * HOUR_MS
  })
  return until === undefined ? undefined : active("SYMBOL_LOSS", until, now)
}

export interface PostCloseParams {
  readonly signal_post_close_cooldown_enabled: boolean
  readonly signal_post_close_lookback_hours: number
  readonly signal_post_close_cooldown_win_minutes: number
  readonly signal_post_close_cooldown_loss_minutes: number
  readonly signal_post_close_cooldown_strategic_minutes: number
}

const STRATEGIC: ReadonlySet<ExitReason> = new Set(["strategic_close", "no_signal_close"])

/**
 * After the last close of the symbol: a strategic close (the auction's), a loss or a win each have their pause.
 * The class comes from the typed exit reason and the net P&L, not from matching text (a trailing stop in
 * profit is a win).
 */
export const postCloseCooldown = (
  trades: ReadonlyArray<ClosedTrade>,
  key: SymbolKey,
  now: EpochMillis,
  p: PostCloseParams
): Cooldown | undefined => {
  if (!p.signal_post_close_cooldown_enabled) return undefined
  const last = trades
    .filter(
      (t) => sameBase(key)(t) && t.exitedAt <= now && now - t.exitedAt <= p.signal_post_close_lookback_hours * HOUR_MS
    )
    .sort(byExit)
    .at(-1)
  if (last === undefined) return undefined
  const [kind, minutes]: readonly [CooldownKind, number] = STRATEGIC.has(last.exitReason)
    ? ["POST_CLOSE_STRATEGIC", p.signal_post_close_cooldown_strategic_minutes]
    : last.netPnl.lt(0)
      ? ["POST_CLOSE_LOSS", p.signal_post_close_cooldown_loss_minutes]
      : ["POST_CLOSE_WIN", p.signal_post_close_cooldown_win_minutes]
  return active(kind, last.exitedAt + minutes * MINUTE_MS, now)
}

export interface InPositionParams {
  readonly signal_cooldown_hours: number
}

/**
 * No new signal for a symbol while it has live exposure, nor within `signal_cooldown_hours` of its last entry
 * (an entry filled but not yet seen must not be doubled: trading-core §10 lesson 2).
 */
export const inPositionCooldown = (
  exposure: { readonly held: boolean; readonly lastEntryAt?: EpochMillis | undefined },
  now: EpochMillis,
  p: InPositionParams
): Cooldown | undefined => {
  if (exposure.held) return { kind: "IN_POSITION" }
  return exposure.lastEntryAt === undefined
    ? undefined
    : active("IN_POSITION", exposure.lastEntryAt + p.signal_cooldown_hours * HOUR_MS, now)
}

export interface ChurnParams {
  readonly auction_churn_guard_enabled: boolean
  readonly auction_churn_window_hours: number
  readonly auction_churn_hold_max_minutes: number
  readonly auction_churn_reopen_max_minutes: number
  readonly auction_churn_max_events: number
  readonly auction_churn_cooldown_tier1_minutes: number
  readonly auction_churn_cooldown_tier2_minutes: number
  readonly auction_churn_cooldown_tier3_minutes: number
}

/**
 * Churn (§4): a quick round trip is a trade held at most `hold_max` whose symbol is re-entered within
 * `reopen_max` of its exit. `max_events` of them within the window pause the symbol from its last re-entry,
 * longer with each further event (tiers 1–3).
 */
export const churnCooldown = (
  trades: ReadonlyArray<ClosedTrade>,
  key: SymbolKey,
  now: EpochMillis,
  p: ChurnParams
): Cooldown | undefined => {
  if (!p.auction_churn_guard_enabled) return undefined
  const own = trades
    .filter((t) => sameBase(key)(t) && t.enteredAt <= now)
    .sort((a, b) => a.enteredAt - b.enteredAt || byExit(a, b))
  const reentries = own.flatMap((t, i) => {
    const next = own[i + 1]
    if (next === undefined) return []
    const quick = t.exitedAt - t.enteredAt <= p.auction_churn_hold_max_minutes * MINUTE_MS
    const gap = next.enteredAt - t.exitedAt
    return quick && gap >= 0 && gap <= p.auction_churn_reopen_max_minutes * MINUTE_MS ? [next.enteredAt] : []
  })
  const recent = reentries.filter((at) => now - at <= p.auction_churn_window_hours * HOUR_MS)
  const last = recent[recent.length - 1]
  if (last === undefined || recent.length < p.auction_churn_max_events) return undefined
  const extra = recent.length - p.auction_churn_max_events
  const minutes =
    extra === 0
      ? p.auction_churn_cooldown_tier1_minutes
      : extra === 1
        ? p.auction_churn_cooldown_tier2_minutes
        : p.auction_churn_cooldown_tier3_minutes
  return active("CHURN", last + minutes * MINUTE_MS, now)
}

export interface CooldownParams extends SymbolLossParams, PostCloseParams, InPositionParams, ChurnParams {}

/** The first active cooldown for a symbol's new signal, checked in the runner's order; undefined when free. */
export const signalCooldown = (
  trades: ReadonlyArray<ClosedTrade>,
  key: SymbolKey,
  exposure: { readonly held: boolean; readonly lastEntryAt?: EpochMillis | undefined },
  now: EpochMillis,
  p: CooldownParams
): Cooldown | undefined =>
  inPositionCooldown(exposure, now, p) ??
  postCloseCooldown(trades, key, now, p) ??
  churnCooldown(trades, key, now, p) ??
  symbolLossCooldown(trades, key, now, p)
