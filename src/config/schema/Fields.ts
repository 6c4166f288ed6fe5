import { Schema } from "effect"

/** Marks a schema whose value is a credential: loader messages never echo what was found there. */
export const SecretAnnotationId: unique symbol = Symbol.for("trading/config/Secret")

/** A number in [min, max] (the ranges of the spec tables; the error says the expected range). */
export const num = (min: number, max: number) => Schema.Number.pipe(Schema.between(min, max))

/** An integer in [min, max]. */
export const int = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))

/** A fraction strictly between 0 and 1 (utilisation and drawdown thresholds). */
export const openFraction = Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThan(1))

/** A fraction in [0, 1]. */
export const fraction = num(0, 1)

// Finite: YAML's `.inf` is a number, and an infinite size cap, interval or threshold would switch a guard off.
export const positive = Schema.Finite.pipe(Schema.positive())
export const nonNegative = Schema.Finite.pipe(Schema.nonNegative())
export const positiveInt = Schema.Int.pipe(Schema.positive())
export const nonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/** Seconds, minutes or hours given as a positive number. */
export const duration = positive

export const nonEmptyString = Schema.NonEmptyTrimmedString

/** A spot symbol in the form the strategy uses, e.g. `BTC/USD`. */
export const spotSymbol = Schema.String.pipe(
  Schema.pattern(/^[A-Z0-9]+\/USD$/, { description: "a spot symbol like BTC/USD" })
)

/** A base asset such as `BTC`. */
export const baseAsset = Schema.String.pipe(
  Schema.pattern(/^[A-Z0-9]+$/, { description: "an upper-case base asset like BTC" })
)

export const url = (schemes: ReadonlyArray<string>) =>
  Schema.String.pipe(
    Schema.pattern(new RegExp(`^(${schemes.join("|")})://\\S+$`), {
      description: `a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(" or ")}`
    })
  )

/** An optional credential: `null` in YAML when absent; decoded as `Option<Redacted<string>>`. */
export const secret = <A extends string, I, R>(value: Schema.Schema<A, I, R>) =>
  Schema.OptionFromNullOr(Schema.Redacted(value)).annotations({ [SecretAnnotationId]: true })

/** Value or `null` (YAML's "disabled" / "none"). */
export const nullable = <A, I, R>(value: Schema.Schema<A, I, R>) => Schema.NullOr(value)
