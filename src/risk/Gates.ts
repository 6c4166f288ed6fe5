import { Either } from "effect"
import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { type DailyPnl, dailyLossFraction } from "./DailyPnl.ts"
import type { RiskParams } from "./RiskParams.ts"
import { type Rejected, reject } from "./RiskRejection.ts"

type Gate<A> = Either.Either<A, Rejected>

/** Early hard rejections (§3.1): returns the stop distance as a fraction of entry. */
export const validInputs = (entry: Decimal, stop: Decimal, equity: Decimal): Gate<Decimal> => {
  if (entry.lte(0)) return reject("INVALID_ENTRY_PRICE", `entry ${entry}`)
  const stopPct = entry.minus(stop).abs().div(entry)
  if (stopPct.lte(0)) return reject("INVALID_STOP_DISTANCE", `stop ${stop} equals entry ${entry}`)
  if (equity.lte(0)) return reject("INVALID_EQUITY", `equity ${equity}`)
  return Either.right(stopPct)
}

/** Basis guard (§3.6): spot and mark must agree within `basis_max_pct`; returns the divergence. */
export const basisGuard = (spot: Decimal, mark: Decimal, params: RiskParams): Gate<Decimal> => {
  if (spot.lte(0)) return reject("INVALID_SPOT_PRICE", `spot ${spot}`)
  const divergence = spot.minus(mark).abs().div(spot)
  return divergence.gt(params.basis_max_pct)
    ? reject("BASIS_DIVERGENCE", `|spot − mark|/spot ${divergence.toFixed(5)} > ${params.basis_max_pct}`)
    : Either.right(divergence)
}

export interface PortfolioState {
  /** Open positions on the exchange. */
  readonly openPositions: number
  readonly daily: DailyPnl
  /** End of an active loss-streak pause (see `lossStreakPause`). */
  readonly lossStreakPausedUntil?: EpochMillis | undefined
  readonly now: EpochMillis
}

/** Portfolio gates (§3.7): position count, daily loss limit (fail closed without a start equity), loss streak. */
export const portfolioGates = (state: PortfolioState, params: RiskParams): Gate<void> => {
  const maxPositions = params.auction_mode_enabled ? params.auction_max_positions : params.max_concurrent_positions
  if (state.openPositions >= maxPositions) {
    return reject("MAX_CONCURRENT_POSITIONS", `${state.openPositions} open ≥ ${maxPositions}`)
  }
  const loss = dailyLossFraction(state.daily)
  if (loss === undefined) return reject("DAILY_START_EQUITY_UNKNOWN", "daily start equity is not positive")
  if (loss.gt(params.daily_loss_limit_pct)) {
    return reject("DAILY_LOSS_LIMIT", `daily loss ${loss.toFixed(4)} of start equity > ${params.daily_loss_limit_pct}`)
  }
  if (state.lossStreakPausedUntil !== undefined && state.now < state.lossStreakPausedUntil) {
    const minutes = Math.ceil((state.lossStreakPausedUntil - state.now) / 60_000)
    return reject("LOSS_STREAK_COOLDOWN", `loss-streak pause, ${minutes} min remaining`)
  }
  return Either.right(undefined)
}

export interface LiquidationInput {
  readonly side: Side
  readonly mark: Decimal
  readonly liquidationPrice?: Decimal | undefined
  readonly notional: Decimal
  readonly equity: Decimal
  readonly leverage: Decimal
}

/**
 * Liquidation safety (§3.5). With an exchange liquidation price: the mark's distance to it; without one (the live
 * case): effective leverage under `leverage_proximity_pct` × leverage and enough free margin after the trade.
 * Returns the buffer when it was measured.
 */
export const liquidationSafety = (input: LiquidationInput, params: RiskParams): Gate<Decimal | undefined> => {
  const { mark, liquidationPrice: liq, notional, equity, leverage } = input
  if (liq !== undefined) {
    const buffer = (input.side === "long" ? mark.minus(liq) : liq.minus(mark)).div(mark)
    return buffer.lt(params.min_liquidation_buffer_pct)
      ? reject("LIQUIDATION_BUFFER", `liquidation buffer ${buffer.toFixed(4)} < ${params.min_liquidation_buffer_pct}`)
      : Either.right(buffer)
  }
  const effective = notional.div(equity)
  if (effective.gt(leverage.times(params.leverage_proximity_pct))) {
    return reject("LEVERAGE_TOO_CLOSE_TO_MAX", `effective leverage ${effective.toFixed(2)} near ${leverage}`)
  }
  const free = equity.minus(notional.div(leverage)).div(equity)
  return free.lt(params.min_free_margin_pct)
    ? reject("FREE_MARGIN_BUFFER", `free margin ${free.toFixed(4)} < ${params.min_free_margin_pct}`)
    : Either.right(undefined)
}
