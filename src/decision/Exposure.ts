import { Option } from "effect"
import type { Decimal } from "../domain/Money.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import type { ExchangePosition } from "../exchange/Exchange.ts"

/** One open position's size in USD as the invariant monitor reads it. */
export interface Exposure {
  readonly key: SymbolKey
  readonly notional: Decimal
}

/** Notional per exchange position (§8.1): |size × mark|, the entry price when the venue gives no mark. */
export const exposureOf = (positions: ReadonlyArray<ExchangePosition>): ReadonlyArray<Exposure> =>
  positions.map((p) => ({
    key: symbolKey(p.symbol),
    notional: p.size.times(Option.getOrElse(p.markPrice, () => p.entryPrice)).abs()
  }))
