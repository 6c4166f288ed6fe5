import { Either } from "effect"
import { Decimal } from "../../domain/Money.ts"
import { type FuturesSymbol, perpetualFor, type SpotSymbol, toSpotSymbol } from "../../domain/Symbols.ts"
import { makeInstrument, type SimInstrument } from "./SimInstrument.ts"

/** A spot universe symbol and the PF_ perpetual the venue lists for it. */
export interface VenueListing {
  readonly spot: SpotSymbol
  readonly futures: FuturesSymbol
  readonly base: string
}

/** `BTC/USD` → `PF_XBTUSD` (base `XBT`, as Kraken spells the collateral); None for symbols Symbols.ts refuses. */
export const listingFor = (symbol: string): VenueListing | undefined =>
  Either.match(toSpotSymbol(symbol), {
    onLeft: () => undefined,
    onRight: (spot) => {
      const futures = perpetualFor(spot)
      return { spot, futures, base: futures.slice(3, -3) }
    }
  })

const pow10 = (exponent: number): Decimal => new Decimal(10).pow(exponent)

/**
 * A plausible PF_ contract for a price level: the tick keeps about five significant digits (60 000 → 1,
 * 3 000 → 0.1, 150 → 0.01) and one contract step is worth roughly 1–10 USD. Fees and margin as
 * `defaultInstruments` (0.02 % / 0.05 %, 50× with 1 % maintenance; 20× / 2 % under 100 USD).
 */
export const instrumentFor = (listing: VenueListing, price: number): SimInstrument => {
  const magnitude = Math.floor(Math.log10(Math.max(price, 1e-9)))
  const cheap = price < 100
  return makeInstrument({
    symbol: listing.futures,
    base: listing.base,
    tickSize: pow10(magnitude - 4),
    contractStep: pow10(Math.min(0, -magnitude)),
    maxLeverage: cheap ? 20 : 50,
    maintenanceMarginRate: cheap ? "0.02" : "0.01",
    makerFeeRate: "0.0002",
    takerFeeRate: "0.0005"
  })
}

/** A price rounded to the instrument's tick (candle floats become exact grid prices). */
export const onTick = (price: number | Decimal, instrument: SimInstrument): Decimal =>
  new Decimal(typeof price === "number" ? String(price) : price).toNearest(instrument.tickSize)
