import { Either, Schema } from "effect"
import { contractsForNotional, type Decimal, PositiveDecimal, roundSizeUp } from "./Money.ts"
import { FuturesSymbol, SpotSymbol } from "./Symbols.ts"

/** How the venue lets us set leverage for a contract (trading-core §3.10). */
export const LeverageMode = Schema.Literal("flexible", "fixed", "unknown")
export type LeverageMode = typeof LeverageMode.Type

/** Liquidity tier: A = pinned majors, B/C by futures volume and spread (runtime-and-ops §3). */
export const Tier = Schema.Literal("A", "B", "C")
export type Tier = typeof Tier.Type

const InstrumentFields = Schema.Struct({
  symbol: SpotSymbol,
  futuresSymbol: FuturesSymbol,
  /** Price grid; not always a power of ten on Kraken derivatives. */
  tickSize: PositiveDecimal,
  /** Base units per contract (1 for linear PF_ contracts). */
  contractSize: PositiveDecimal,
  /** Size grid in contracts. */
  sizeStep: PositiveDecimal,
  minSize: PositiveDecimal,
  maxLeverage: PositiveDecimal,
  leverageMode: LeverageMode,
  /** Leverages a `fixed` contract accepts, ascending. */
  allowedLeverages: Schema.Array(PositiveDecimal),
  tier: Schema.optional(Tier)
}).pipe(
  Schema.filter((i) =>
    i.leverageMode === "fixed" && i.allowedLeverages.length === 0
      ? { path: ["allowedLeverages"], message: "a fixed-leverage instrument needs at least one allowed leverage" }
      : undefined
  )
)

/** Trading specification of one perpetual and the spot market it tracks. */
export class Instrument extends Schema.Class<Instrument>("Instrument")(InstrumentFields) {}

/** Why a size cannot be sent (trading-core §3.10). */
export const SizeRejection = Schema.Literal("SIZE_STEP_ROUND_TO_ZERO", "SIZE_BELOW_MIN", "SIZE_STEP_MISALIGNED")
export type SizeRejection = typeof SizeRejection.Type

/** Entry contracts for a notional at `price`: rounded down to the step, then checked against zero and the minimum. */
export const entrySize = (
  instrument: Instrument,
  notional: Decimal,
  price: Decimal
): Either.Either<Decimal, SizeRejection> => {
  const size = contractsForNotional(notional, price, instrument.sizeStep, instrument.contractSize)
  if (size.isZero()) return Either.left("SIZE_STEP_ROUND_TO_ZERO")
  return size.lt(instrument.minSize) ? Either.left("SIZE_BELOW_MIN") : Either.right(size)
}

/** A reduce-only exit size aligned UP to the step (no dust left behind); rejected when it cannot be sent. */
export const exitSize = (instrument: Instrument, size: Decimal): Either.Either<Decimal, SizeRejection> => {
  const aligned = roundSizeUp(size, instrument.sizeStep)
  return aligned.isZero() || aligned.lt(instrument.minSize)
    ? Either.left("SIZE_STEP_MISALIGNED")
    : Either.right(aligned)
}

/**
 * Leverage to set for a requested one: flexible → min(requested, max); fixed → the smallest allowed ≥ requested,
 * else the largest allowed; unknown → undefined (leave the venue's setting alone).
 */
export const resolveLeverage = (instrument: Instrument, requested: Decimal): Decimal | undefined => {
  switch (instrument.leverageMode) {
    case "flexible":
      return requested.gt(instrument.maxLeverage) ? instrument.maxLeverage : requested
    case "fixed": {
      const sorted = [...instrument.allowedLeverages].sort((a, b) => a.comparedTo(b))
      return sorted.find((l) => l.gte(requested)) ?? sorted[sorted.length - 1]
    }
    case "unknown":
      return undefined
  }
}
