import DecimalModule, { type Decimal as DecimalJs } from "decimal.js"
import { Option, ParseResult, Schema } from "effect"
import type { Side } from "./Side.ts"

// decimal.js ships ESM-syntax types for a CommonJS package, so under NodeNext TypeScript types the default
// import as the module namespace; at run time (decimal.mjs or module.exports) it is the constructor itself.
const DecimalCtor = DecimalModule as unknown as typeof DecimalJs

/**
 * The one configured decimal constructor: import `Decimal` from here, never from "decimal.js", so every
 * amount shares one context. Precision 28 and half-even match the original's Python Decimal default
 * (spec/strategy.md §0); the exponent limits make `toString()` always plain notation, the stored text form.
 */
export const Decimal = DecimalCtor.clone({
  precision: 28,
  rounding: DecimalCtor.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15
})
export type Decimal = DecimalJs

export const ZERO: Decimal = new Decimal(0)

// Plain or exponent decimal notation only: decimal.js would also read "0x1f", "0b101", "NaN" and "Infinity".
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/**
 * An exchange or config number as a decimal without float drift. A JS number goes through its shortest
 * round-trip repr (`String(0.1)` is "0.1"), which is what the exchange meant; strings are taken as written.
 * None for empty, malformed or non-finite input.
 */
export const parseDecimal = (input: string | number): Option.Option<Decimal> => {
  const text = typeof input === "number" ? String(input) : input.trim()
  return DECIMAL_TEXT.test(text) ? Option.some(new Decimal(text)) : Option.none()
}

/** A decimal value in memory (no encoding). */
export const DecimalFromSelf = Schema.declare((u: unknown): u is Decimal => Decimal.isDecimal(u) && u.isFinite(), {
  identifier: "Decimal",
  pretty: () => (d) => `Decimal(${d.toString()})`,
  equivalence: () => (a, b) => a.eq(b)
})

/** A decimal stored and sent as its plain decimal string ("0.00000001", never "1e-8"). */
export const DecimalFromString: Schema.Schema<Decimal, string> = Schema.transformOrFail(
  Schema.String,
  DecimalFromSelf,
  {
    strict: true,
    decode: (input, _, ast) =>
      Option.match(parseDecimal(input), {
        onNone: () => ParseResult.fail(new ParseResult.Type(ast, input, `not a finite decimal: "${input}"`)),
        onSome: ParseResult.succeed
      }),
    encode: (d) => ParseResult.succeed(d.toString())
  }
).annotations({ identifier: "DecimalFromString" })

// A JS number becomes its shortest round-trip repr ("0.1"), which is what the exchange meant.
const NumberAsString = Schema.transform(Schema.Number, Schema.String, {
  strict: true,
  decode: (n) => String(n),
  encode: (s) => Number(s)
})

/** Exchange JSON gives numbers or numeric strings: both decode without float drift; encoding gives the string. */
export const DecimalFromWire: Schema.Schema<Decimal, string | number> = Schema.compose(
  Schema.Union(Schema.String, NumberAsString),
  DecimalFromString
).annotations({ identifier: "DecimalFromWire" })

/** A strictly positive decimal string (prices, sizes of an order, tick and step sizes). */
export const PositiveDecimal = DecimalFromString.pipe(
  Schema.filter((d) => d.gt(0) || "must be greater than 0"),
  Schema.annotations({ identifier: "PositiveDecimal" })
)

/** A decimal string that is zero or more (balances, fees, position sizes that may be flat). */
export const NonNegativeDecimal = DecimalFromString.pipe(
  Schema.filter((d) => d.gte(0) || "must not be negative"),
  Schema.annotations({ identifier: "NonNegativeDecimal" })
)

/** Size rounded DOWN to a multiple of `step`: an entry never buys more than the risk budget allows (§3.10). */
export const roundSizeDown = (size: Decimal, step: Decimal): Decimal => size.toNearest(step, Decimal.ROUND_DOWN)

/** Size rounded UP to a multiple of `step`: a reduce-only exit must not leave a dust remainder (§3.10). */
export const roundSizeUp = (size: Decimal, step: Decimal): Decimal => size.toNearest(step, Decimal.ROUND_UP)

/** Price rounded to the nearest multiple of `tick` (half-even on an exact midpoint). */
export const roundPriceToTick = (price: Decimal, tick: Decimal): Decimal => price.toNearest(tick)

/**
 * Stop price rounded to `tick` toward the safe side: a long's stop DOWN, a short's stop UP, i.e. away from
 * the market and beyond the level it protects. Rounding inward could put a tight stop at or through the
 * mark (instant trigger or venue rejection) or inside the structure level a wick may tag; the cost is at
 * most one tick of extra risk.
 */
export const roundStopPrice = (price: Decimal, tick: Decimal, side: Side): Decimal =>
  price.toNearest(tick, side === "long" ? Decimal.ROUND_FLOOR : Decimal.ROUND_CEIL)

/** Notional = contracts × price × contract size (linear PF contracts: contract size 1, size in base units). */
export const notionalOf = (size: Decimal, price: Decimal, contractSize: Decimal = new Decimal(1)): Decimal =>
  size.times(price).times(contractSize)

/** Contracts for a target notional at `price`, rounded down to `step` (may be 0: the caller rejects it). */
export const contractsForNotional = (
  notional: Decimal,
  price: Decimal,
  step: Decimal,
  contractSize: Decimal = new Decimal(1)
): Decimal => roundSizeDown(notional.div(price.times(contractSize)), step)
