import { Schema } from "effect"
import { PositiveDecimal } from "../../../domain/Money.ts"
import { ExchangeOrderId } from "../../../domain/Order.ts"
import { OrderSide } from "../../../domain/Side.ts"
import { FuturesSymbol } from "../../../domain/Symbols.ts"
import { EpochMillis } from "../../../domain/Time.ts"
import { FillType, type FuturesFill } from "../wire/futures/Fills.ts"

const PositiveAmount = Schema.typeSchema(PositiveDecimal)

/**
 * One fill from `GET /derivatives/api/v3/fills`. The v3 wire carries no fee (kraken-api.md §3.12): a consumer that
 * needs one must take it from elsewhere or treat it as unknown, never as zero.
 */
export const DerivativesFill = Schema.Struct({
  fillId: Schema.NonEmptyTrimmedString,
  orderId: ExchangeOrderId,
  /** Kraken's `cliOrdId`, when the order had one (any client's, so not necessarily one of ours). */
  clientOrderId: Schema.optional(Schema.NonEmptyString),
  symbol: FuturesSymbol,
  side: OrderSide,
  size: PositiveAmount,
  price: PositiveAmount,
  fillTime: EpochMillis,
  fillType: FillType
})
export type DerivativesFill = typeof DerivativesFill.Type

/** The wire fill with our field names, still unchecked: `DerivativesFill` then validates every field. */
export const fillCandidateOf = (wire: FuturesFill): unknown => ({
  fillId: wire.fill_id,
  orderId: wire.order_id,
  ...(wire.cliOrdId !== undefined &&
    wire.cliOrdId !== null &&
    wire.cliOrdId !== "" && { clientOrderId: wire.cliOrdId }),
  symbol: wire.symbol,
  side: wire.side,
  size: wire.size,
  price: wire.price,
  // NaN for a malformed time, which EpochMillis refuses naming `fillTime`
  fillTime: Date.parse(wire.fillTime),
  fillType: wire.fillType
})

/** A symbol on isolated margin at this maximum leverage (`GET /leveragepreferences` lists only those). */
export const LeveragePreference = Schema.Struct({ symbol: FuturesSymbol, maxLeverage: PositiveAmount })
export type LeveragePreference = typeof LeveragePreference.Type
