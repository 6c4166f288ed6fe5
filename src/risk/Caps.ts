import { Either } from "effect"
import { Decimal } from "../domain/Money.ts"
import { dec, type RiskParams } from "./RiskParams.ts"
import { type Rejected, reject } from "./RiskRejection.ts"

/** The constraint that set the final notional, recorded with every approval (§11 "records the binding constraint"). */
export type Binding =
  | "base"
  | "override"
  | "max_position_usd"
  | "buying_power"
  | "single_margin"
  | "aggregate_margin"
  | "available_margin"
  | "utilisation_boost"
  | "max_loss"

export interface Sized {
  readonly notional: Decimal
  readonly binding: Binding
  readonly boosted: boolean
}

export interface CapInput {
  readonly equity: Decimal
  readonly leverage: Decimal
  readonly stopPct: Decimal
  /** Base notional, or the auction's override. */
  readonly notional: Decimal
  readonly override: boolean
  /** Margin of the open positions at the sizing leverage: Σ|size × (mark or entry)| / leverage. */
  readonly existingMargin: Decimal
  /** Free margin to respect; undefined (or skipped) means no such check. */
  readonly availableMargin?: Decimal | undefined
  readonly skipMarginCheck: boolean
  /** Global or tier notional ceiling, whichever is lower. */
  readonly maxUsd: Decimal
}

type Step = (sized: Sized) => Either.Either<Sized, Rejected>

const capAt =
  (limit: Decimal, binding: Binding): Step =>
  (sized) =>
    Either.right(sized.notional.gt(limit) ? { ...sized, notional: limit, binding } : sized)

/**
 * The cap chain of §3.3–§3.4 as ordered pure steps. A cap only ever lowers the notional, except the utilisation
 * boost, which raises it toward the margin target and never above any other cap.
 */
export const applyCaps = (params: RiskParams, input: CapInput): Either.Either<Sized, Rejected> => {
  const { equity, leverage: lev, existingMargin } = input
  const minNotional = dec(params.min_notional_usd)
  const singleCeiling = equity.times(params.max_single_position_margin_pct_equity).times(lev)
  const aggregateLimit = equity.times(params.max_aggregate_margin_pct_equity)
  const aggregateHeadroom = Decimal.max(aggregateLimit.minus(existingMargin), 0).times(lev)
  const checkAvailable = !input.skipMarginCheck && input.availableMargin !== undefined
  const availableCeiling = (input.availableMargin ?? dec(0)).times(params.available_margin_use_pct).times(lev)

  const baseCaps: ReadonlyArray<Step> = input.override
    ? []
    : [capAt(input.maxUsd, "max_position_usd"), capAt(equity.times(lev), "buying_power")]
  const steps: ReadonlyArray<Step> = [
    ...baseCaps,
    capAt(singleCeiling, "single_margin"),
    (s) => {
      if (existingMargin.plus(s.notional.div(lev)).lte(aggregateLimit)) return Either.right(s)
      return aggregateHeadroom.lt(minNotional)
        ? reject("AGGREGATE_MARGIN_HEADROOM", `aggregate margin headroom ${aggregateHeadroom.toFixed(2)} USD notional`)
        : capAt(aggregateHeadroom, "aggregate_margin")(s)
    },
    (s) =>
      s.notional.lt(minNotional)
        ? reject("BELOW_MIN_NOTIONAL", `notional ${s.notional.toFixed(2)} < ${minNotional}`)
        : Either.right(s),
    (s) => {
      if (!checkAvailable) return Either.right(s)
      if (input.availableMargin?.lte(0))
        return reject("NO_AVAILABLE_MARGIN", `available margin ${input.availableMargin}`)
      const capped = capAt(availableCeiling, "available_margin")(s)
      return Either.flatMap(capped, (c) =>
        c.notional.lt(minNotional)
          ? reject("AVAILABLE_MARGIN_BELOW_MIN", `available-margin cap ${c.notional.toFixed(2)} < ${minNotional}`)
          : Either.right(c)
      )
    },
    (s) => {
      if (!(params.auction_mode_enabled && input.override && params.sizing_method === "leverage_based")) {
        return Either.right(s)
      }
      const util = existingMargin.plus(s.notional.div(lev)).div(equity)
      if (util.gte(params.target_margin_util_min)) return Either.right(s)
      const target = equity.times(params.target_margin_util_min).minus(existingMargin).times(lev)
      const ceilings = [
        target.lte(0) ? s.notional : target,
        s.notional.times(params.utilisation_boost_max_factor),
        singleCeiling,
        aggregateHeadroom,
        input.maxUsd,
        ...(input.availableMargin?.gt(0) ? [availableCeiling] : [])
      ]
      const boosted = Decimal.min(...ceilings)
      return Either.right(
        boosted.gt(s.notional) ? { notional: boosted, binding: "utilisation_boost", boosted: true } : s
      )
    },
    (s) => {
      const maxLoss = dec(params.max_loss_per_trade_usd)
      if (s.notional.times(input.stopPct).lte(maxLoss)) return Either.right(s)
      const capped = maxLoss.div(input.stopPct)
      return capped.lt(minNotional)
        ? reject("MAX_LOSS_PER_TRADE", `loss at stop above ${maxLoss} USD even at ${minNotional} USD notional`)
        : Either.right({ ...s, notional: capped, binding: "max_loss" })
    },
    (s) =>
      s.notional.div(equity).gt(lev)
        ? reject("LEVERAGE_ABOVE_MAX", `effective leverage ${s.notional.div(equity).toFixed(2)} > ${lev}`)
        : Either.right(s)
  ]
  const start: Sized = { notional: input.notional, binding: input.override ? "override" : "base", boosted: false }
  return steps.reduce<Either.Either<Sized, Rejected>>((acc, step) => Either.flatMap(acc, step), Either.right(start))
}
