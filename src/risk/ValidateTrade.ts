import { Either } from "effect"
import { entrySize, type Instrument, type Tier } from "../domain/Instrument.ts"
import type { Decimal } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { TradeRegime } from "../domain/Signal.ts"
import { applyCaps, type Binding } from "./Caps.ts"
import { feeEdgeGate, regimeCostGate } from "./CostGates.ts"
import { basisGuard, liquidationSafety, type PortfolioState, portfolioGates, validInputs } from "./Gates.ts"
import type { RiskParams, TierConfigs } from "./RiskParams.ts"
import { type Rejected, reject, rejected } from "./RiskRejection.ts"
import { baseNotional, maxPositionUsd, sizingLeverage } from "./Sizing.ts"

/** What is to be traded: futures entry/stop when known, else the signal's (§3). */
export interface TradeRequest {
  readonly side: Side
  readonly regime: TradeRegime
  readonly entry: Decimal
  readonly stop: Decimal
  /** First target (signal TP, else the first positive TP candidate). */
  readonly takeProfit?: Decimal | undefined
  /** ATR / its average, for the volatility sizing methods. */
  readonly atrRatio?: number | undefined
}

export interface RiskContext {
  readonly equity: Decimal
  readonly spot: Decimal
  readonly mark: Decimal
  /** Exchange liquidation price, when the venue reports one. */
  readonly liquidationPrice?: Decimal | undefined
  /** Σ |size × (mark or entry)| of the open positions. */
  readonly openNotional: Decimal
  /** The auction passes its budget here (equity × auction_max_margin_util); else the exchange's free margin. */
  readonly availableMargin?: Decimal | undefined
  /** The auction's notional: replaces the base sizing and enables the utilisation boost. */
  readonly notionalOverride?: Decimal | undefined
  readonly skipMarginCheck: boolean
  readonly tier?: Tier | undefined
  readonly portfolio: PortfolioState
  /** When given, the size is rounded down to its contract step and checked against its minimum (§3.10). */
  readonly instrument?: Instrument | undefined
}

export interface Approved {
  readonly _tag: "Approved"
  readonly notional: Decimal
  /** Contracts, on the instrument's step (when an instrument was given). */
  readonly contracts?: Decimal | undefined
  readonly leverage: Decimal
  readonly margin: Decimal
  readonly binding: Binding
  readonly boosted: boolean
  readonly liquidationBufferPct?: Decimal | undefined
  readonly basisPct: Decimal
  readonly estimatedCost: Decimal
}

export type RiskDecision = Approved | Rejected

/** Contracts on the step, and the notional they really are (never above the capped notional). */
const onContractStep = (
  instrument: Instrument | undefined,
  notional: Decimal,
  entry: Decimal,
  params: RiskParams
): Either.Either<{ readonly notional: Decimal; readonly contracts?: Decimal }, Rejected> => {
  if (instrument === undefined) return Either.right({ notional })
  return Either.flatMap(
    Either.mapLeft(entrySize(instrument, notional, entry), (code) =>
      rejected(code, `${notional.toFixed(2)} USD at ${entry} on step ${instrument.sizeStep}`)
    ),
    (contracts) => {
      const rounded = contracts.times(entry).times(instrument.contractSize)
      return rounded.lt(params.min_notional_usd)
        ? reject(
            "BELOW_MIN_NOTIONAL",
            `notional on the contract step ${rounded.toFixed(2)} < ${params.min_notional_usd}`
          )
        : Either.right({ notional: rounded, contracts })
    }
  )
}

/**
 * The risk manager's pre-trade decision (trading-core §3), pure: input checks, portfolio gates, basis guard,
 * sizing and the cap chain, contract rounding, liquidation safety, cost and fee-edge gates. The first failing
 * rule decides, with a typed reason.
 */
export const validateTrade = (
  request: TradeRequest,
  context: RiskContext,
  params: RiskParams,
  tiers: TierConfigs
): RiskDecision => {
  const result = Either.gen(function* () {
    const { equity, mark } = context
    const stopPct = yield* validInputs(request.entry, request.stop, equity)
    yield* portfolioGates(context.portfolio, params)
    const basisPct = yield* basisGuard(context.spot, mark, params)
    const leverage = sizingLeverage(params, tiers, context.tier)
    const override = context.notionalOverride
    const sized = yield* applyCaps(params, {
      equity,
      leverage,
      stopPct,
      notional: override ?? baseNotional(params, { equity, leverage, stopPct, atrRatio: request.atrRatio }),
      override: override !== undefined,
      existingMargin: context.openNotional.div(leverage),
      availableMargin: context.availableMargin,
      skipMarginCheck: context.skipMarginCheck,
      maxUsd: maxPositionUsd(params, tiers, context.tier)
    })
    const { notional, contracts } = yield* onContractStep(context.instrument, sized.notional, request.entry, params)
    const liquidationBufferPct = yield* liquidationSafety(
      { side: request.side, mark, liquidationPrice: context.liquidationPrice, notional, equity, leverage },
      params
    )
    const costInput = {
      regime: request.regime,
      notional,
      entry: request.entry,
      stop: request.stop,
      takeProfit: request.takeProfit
    }
    const estimatedCost = yield* regimeCostGate(costInput, params)
    yield* feeEdgeGate(costInput, params)
    const approved: Approved = {
      _tag: "Approved",
      notional,
      contracts,
      leverage,
      margin: notional.div(leverage),
      binding: sized.binding,
      boosted: sized.boosted,
      liquidationBufferPct,
      basisPct,
      estimatedCost
    }
    return approved
  })
  return Either.merge(result)
}
