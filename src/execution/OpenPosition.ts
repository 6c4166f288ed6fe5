import { Either } from "effect"
import type { PositionId } from "../domain/Position.ts"
import type { Side } from "../domain/Side.ts"
import type { FuturesSymbol, SpotSymbol } from "../domain/Symbols.ts"
import type { EpochMillis } from "../domain/Time.ts"
import { type EntryPlan, isBetterStop, type MachineRules, type ManagedPosition } from "./ManagedPosition.ts"
import { placeOrder, type Step } from "./Orders.ts"
import { InvalidEntryPlan } from "./TransitionError.ts"

export interface OpenPositionInput {
  readonly positionId: PositionId
  readonly symbol: SpotSymbol
  readonly futuresSymbol: FuturesSymbol
  readonly side: Side
  readonly plan: EntryPlan
  readonly at: EpochMillis
}

const planProblem = (side: Side, plan: EntryPlan): readonly [string, string] | undefined => {
  if (!isBetterStop(side, plan.entryPrice, plan.initialStop))
    return ["initialStop", `a ${side} stop ${plan.initialStop} must be on the loss side of entry ${plan.entryPrice}`]
  for (const [field, price] of [
    ["tp1Price", plan.tp1Price],
    ["tp2Price", plan.tp2Price],
    ["finalTarget", plan.finalTarget]
  ] as const) {
    if (price !== undefined && !isBetterStop(side, price, plan.entryPrice))
      return [field, `a ${side} target ${price} must be on the profit side of entry ${plan.entryPrice}`]
  }
  if (plan.tp1Fraction.plus(plan.tp2Fraction).gt(1))
    return ["tp2Fraction", `TP fractions ${plan.tp1Fraction} + ${plan.tp2Fraction} exceed the whole position`]
  return undefined
}

/**
 * A new PENDING position and its entry order (trading-core §5.2). The shell registers the record together
 * with the entry's write-ahead intent before anything is sent.
 */
export const openPosition = (input: OpenPositionInput, rules: MachineRules): Either.Either<Step, InvalidEntryPlan> => {
  const problem = planProblem(input.side, input.plan)
  if (problem !== undefined)
    return Either.left(new InvalidEntryPlan({ positionId: input.positionId, field: problem[0], detail: problem[1] }))
  const record: ManagedPosition = {
    positionId: input.positionId,
    symbol: input.symbol,
    futuresSymbol: input.futuresSymbol,
    side: input.side,
    state: "PENDING",
    plan: input.plan,
    stopPrice: input.plan.initialStop,
    stopTarget: input.plan.initialStop,
    orders: [],
    entryFills: [],
    exitFills: [],
    nextSeq: 0,
    tp1Filled: false,
    tp2Filled: false,
    breakEvenTriggered: false,
    trailingActive: false,
    intentConfirmed: false,
    stopRetryBlocked: false,
    missingChecks: 0,
    openedAt: input.at,
    updatedAt: input.at,
    processedEventIds: []
  }
  return Either.right(placeOrder(record, "entry", "entry", input.plan.quantity, undefined, rules))
}
