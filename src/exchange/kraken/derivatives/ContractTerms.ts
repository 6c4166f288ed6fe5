import { Array as Arr, Option, Schema } from "effect"
import { Decimal, NonNegativeDecimal, PositiveDecimal } from "../../../domain/Money.ts"
import { FuturesSymbol, parseFuturesSymbol } from "../../../domain/Symbols.ts"
import type { ContractSpec } from "../../Exchange.ts"
import type { FuturesInstrument, MarginLevel } from "../wire/futures/Instruments.ts"

/** One margin tier: from `fromNotional` (quote currency) on, these fractions of the notional. */
export const MarginTier = Schema.Struct({
  fromNotional: NonNegativeDecimal,
  initialMargin: PositiveDecimal,
  maintenanceMargin: NonNegativeDecimal
})
export type MarginTier = typeof MarginTier.Type

/**
 * What a contract's trading needs beyond the Unified WebSocket's grid (tick, step, minimum): contract size and the
 * margin schedule, hence the maximum leverage. Serialisable, so the last good copy can outlive the API.
 */
export const ContractTerms = Schema.Struct({
  symbol: FuturesSymbol,
  contractSize: PositiveDecimal,
  /** Ascending by `fromNotional`; the first tier gives the maximum leverage. */
  marginTiers: Schema.NonEmptyArray(MarginTier)
})
export type ContractTerms = typeof ContractTerms.Type

const tiersOf = (levels: ReadonlyArray<MarginLevel>): ReadonlyArray<MarginTier> =>
  levels
    .flatMap((level) => {
      const from = level.numNonContractUnits ?? level.contracts
      return from === undefined || !level.initialMargin.gt(0)
        ? []
        : [{ fromNotional: from, initialMargin: level.initialMargin, maintenanceMargin: level.maintenanceMargin }]
    })
    .sort((a, b) => a.fromNotional.comparedTo(b.fromNotional))

/**
 * Terms of a v3 instrument, when it is a contract with a size and a margin schedule. Where Kraken lists both a
 * standard and a retail schedule, the stricter one (higher first initial margin) is taken: leverage we might not be
 * allowed is worse than leverage we leave unused.
 */
export const contractTermsOf = (instrument: FuturesInstrument): Option.Option<ContractTerms> => {
  const symbol = Option.getRight(parseFuturesSymbol(instrument.symbol))
  const schedules = [instrument.marginLevels, instrument.retailMarginLevels]
    .map((levels) => tiersOf(levels ?? []))
    .filter((tiers) => tiers.length > 0)
    .sort((a, b) => b[0]?.initialMargin.comparedTo(a[0]?.initialMargin ?? 0) ?? 0)
  const strictest = schedules[0]
  const contractSize = instrument.contractSize
  if (
    Option.isNone(symbol) ||
    contractSize === undefined ||
    !contractSize.gt(0) ||
    strictest === undefined ||
    !Arr.isNonEmptyReadonlyArray(strictest)
  ) {
    return Option.none()
  }
  return Option.some({ symbol: symbol.value, contractSize, marginTiers: strictest })
}

/** Maximum leverage for a position of `notional`: 1 / the initial margin of the tier it falls in. */
export const maxLeverageAt = (terms: ContractTerms, notional: Decimal): Decimal => {
  let tier = terms.marginTiers[0]
  for (const next of terms.marginTiers) if (next.fromNotional.lte(notional)) tier = next
  return new Decimal(1).div(tier.initialMargin)
}

/** Maximum leverage of the smallest position: 1 / the first tier's initial margin. */
export const maxLeverage = (terms: ContractTerms): Decimal => new Decimal(1).div(terms.marginTiers[0].initialMargin)

/** A venue grid completed with the contract's terms, where known. */
export const withTerms = (spec: ContractSpec, terms: Option.Option<ContractTerms>): ContractSpec =>
  Option.match(terms, {
    onNone: () => spec,
    onSome: (t) => ({ ...spec, contractSize: t.contractSize, maxLeverage: maxLeverage(t) })
  })
