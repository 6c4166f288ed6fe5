import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import { baseOfKey, type SymbolKey } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"

/** `risk.shock_*` keys (trading-core §3.11, §9). */
export interface ShockParams {
  readonly shock_guard_enabled: boolean
  readonly shock_move_pct: number
  readonly basis_shock_pct: number
  readonly shock_cooldown_minutes: number
  readonly emergency_buffer_pct: number
  readonly trim_buffer_pct: number
  readonly shock_marketwide_count: number
  readonly shock_marketwide_window_sec: number
}

const MOVE_HORIZON_MS = 60_000
const MIN_REFERENCE_AGE_MS = 45_000
// Snapshots are kept a little beyond the horizon so a tick landing at 61 s still finds its reference.
const KEEP_MS = 2 * MOVE_HORIZON_MS
const MAX_SNAPSHOTS = 3

interface Snapshot {
  readonly at: EpochMillis
  readonly mark: Decimal
}

export interface ShockState {
  /** Recent marks per base asset (one canonical series per base). */
  readonly snapshots: ReadonlyMap<string, ReadonlyArray<Snapshot>>
  /** Last trigger time per base, for the market-wide count. */
  readonly triggers: ReadonlyMap<string, EpochMillis>
  /** Entries stay paused until then. */
  readonly shockUntil?: EpochMillis | undefined
}

export const initialShockState: ShockState = { snapshots: new Map(), triggers: new Map() }

export interface ShockQuote {
  readonly key: SymbolKey
  readonly mark: Decimal
  readonly spot?: Decimal | undefined
}

export interface ShockTrigger {
  readonly base: string
  readonly kind: "move" | "basis"
  readonly value: Decimal
}

export interface ShockEvaluation {
  readonly state: ShockState
  readonly triggers: ReadonlyArray<ShockTrigger>
  /** At least `shock_marketwide_count` bases triggered within the market-wide window. */
  readonly marketWide: boolean
  /** Shock mode: no new signals while true. */
  readonly entriesPaused: boolean
}

const compareQuotes = (a: ShockQuote, b: ShockQuote): number =>
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
  a.mark.comparedTo(b.mark) ||
  (a.spot ?? a.mark).comparedTo(b.spot ?? b.mark)

/** The snapshot aged at least 45 s whose age is closest to 60 s. */
const reference = (snapshots: ReadonlyArray<Snapshot>, now: EpochMillis): Snapshot | undefined =>
  snapshots
    .filter((s) => now - s.at >= MIN_REFERENCE_AGE_MS)
    .reduce<Snapshot | undefined>(
      (best, s) =>
        best === undefined || Math.abs(now - s.at - MOVE_HORIZON_MS) < Math.abs(now - best.at - MOVE_HORIZON_MS)
          ? s
          : best,
      undefined
    )

/**
 * One evaluation per tick (§3.11): a 1-minute mark move above `shock_move_pct`, or a mark/spot basis above
 * `basis_shock_pct`, starts shock mode for `shock_cooldown_minutes`. Quotes are taken one per base asset (the
 * first of each base in key-then-price order, so input order does not matter).
 */
export const evaluateShock = (
  state: ShockState,
  quotes: ReadonlyArray<ShockQuote>,
  now: EpochMillis,
  params: ShockParams
): ShockEvaluation => {
  const paused = (s: ShockState) => s.shockUntil !== undefined && now < s.shockUntil
  if (!params.shock_guard_enabled) return { state, triggers: [], marketWide: false, entriesPaused: paused(state) }
  const perBase = new Map<string, ShockQuote>()
  for (const q of [...quotes].sort(compareQuotes)) {
    if (!perBase.has(baseOfKey(q.key))) perBase.set(baseOfKey(q.key), q)
  }
  const snapshots = new Map(state.snapshots)
  const triggerTimes = new Map(state.triggers)
  const triggers: Array<ShockTrigger> = []
  for (const [base, quote] of perBase) {
    const kept = (snapshots.get(base) ?? []).filter((s) => now - s.at <= KEEP_MS && s.at < now)
    const ref = reference(kept, now)
    if (ref?.mark.gt(0)) {
      const move = quote.mark.div(ref.mark).minus(1).abs()
      if (move.gt(params.shock_move_pct)) triggers.push({ base, kind: "move", value: move })
    }
    if (quote.spot?.gt(0)) {
      const basis = quote.mark.div(quote.spot).minus(1).abs()
      if (basis.gt(params.basis_shock_pct)) triggers.push({ base, kind: "basis", value: basis })
    }
    snapshots.set(base, [...kept, { at: now, mark: quote.mark }].slice(-MAX_SNAPSHOTS))
  }
  for (const t of triggers) triggerTimes.set(t.base, now)
  const windowMs = params.shock_marketwide_window_sec * 1000
  for (const [base, at] of triggerTimes) if (now - at > windowMs) triggerTimes.delete(base)
  const shockUntil = triggers.length > 0 ? now + params.shock_cooldown_minutes * 60_000 : state.shockUntil
  const next: ShockState = { snapshots, triggers: triggerTimes, shockUntil }
  return {
    state: next,
    triggers,
    marketWide: triggerTimes.size >= params.shock_marketwide_count,
    entriesPaused: paused(next)
  }
}

export type ShockAction = "CLOSE" | "TRIM_HALF" | "HOLD"

/**
 * What to do with an open position during shock mode: market-close under `emergency_buffer_pct` to the
 * liquidation price, trim half (reduce-only) under `trim_buffer_pct`, otherwise hold. Unknown liquidation price →
 * hold (the protective stop is the defence).
 */
export const shockAction = (
  position: { readonly side: Side; readonly mark: Decimal; readonly liquidationPrice?: Decimal | undefined },
  params: ShockParams
): ShockAction => {
  const liq = position.liquidationPrice
  if (liq === undefined || position.mark.lte(0)) return "HOLD"
  const buffer = (position.side === "long" ? position.mark.minus(liq) : liq.minus(position.mark)).div(position.mark)
  if (buffer.lt(params.emergency_buffer_pct)) return "CLOSE"
  return buffer.lt(params.trim_buffer_pct) ? "TRIM_HALF" : "HOLD"
}
