import type { Decimal } from "../domain/Money.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { byExit, type ClosedTrade } from "./Cooldowns.ts"
import { utcDay } from "./DailyPnl.ts"
import { BPS } from "./RiskParams.ts"

/** `risk.loss_streak_*` keys (trading-core §4, §9). */
export interface LossStreakParams {
  readonly loss_streak_cooldown_tight: number
  readonly loss_streak_cooldown_wide: number
  readonly loss_streak_pause_minutes_tight: number
  readonly loss_streak_pause_minutes_wide: number
  readonly loss_streak_min_loss_bps: number
}

/**
 * End of the loss-streak pause, if one is active at `now` (§4). Replays today's (UTC) closed trades in exit order:
 * a meaningful loss (≥ `loss_streak_min_loss_bps` of equity) extends its class's streak; reaching the class limit
 * pauses entries and resets both streaks; any win resets both and clears the pause; small losses are ignored.
 * The streaks reset at midnight UTC with the daily ledger. `equity` is the current equity (the original also
 * measured against the live value).
 */
export const lossStreakPause = (
  trades: ReadonlyArray<ClosedTrade>,
  equity: Decimal,
  now: EpochMillis,
  p: LossStreakParams
): EpochMillis | undefined => {
  const minLoss = equity.times(p.loss_streak_min_loss_bps).div(BPS)
  const today = trades.filter((t) => t.exitedAt <= now && utcDay(t.exitedAt) === utcDay(now)).sort(byExit)
  let tight = 0
  let wide = 0
  let pausedUntil: EpochMillis | undefined
  for (const t of today) {
    if (t.netPnl.gt(0)) {
      tight = 0
      wide = 0
      pausedUntil = undefined
    } else if (t.netPnl.lt(0) && t.netPnl.abs().gte(minLoss)) {
      if (t.tight) tight++
      else wide++
      const minutes =
        tight >= p.loss_streak_cooldown_tight
          ? p.loss_streak_pause_minutes_tight
          : wide >= p.loss_streak_cooldown_wide
            ? p.loss_streak_pause_minutes_wide
            : undefined
      if (minutes !== undefined) {
        pausedUntil = t.exitedAt + minutes * 60_000
        tight = 0
        wide = 0
      }
    }
  }
  return pausedUntil !== undefined && now < pausedUntil ? pausedUntil : undefined
}
