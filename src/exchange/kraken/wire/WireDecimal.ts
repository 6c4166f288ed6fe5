import { Option, ParseResult, Schema } from "effect"
import { type Decimal, DecimalFromSelf, parseDecimal } from "../../../domain/Money.ts"
import { JsonNumber, JsonNumberFromSelf } from "./Json.ts"

const textOf = (input: string | number | JsonNumber): string | number =>
  input instanceof JsonNumber ? input.text : input

/**
 * A price, size or balance that Kraken sends as a JSON number (Unified WebSocket, Derivatives REST v3). Decodes
 * the exact text `parseFrame` keeps (or a numeric string or a safe number); encodes to a `JsonNumber` so
 * `stringifyFrame` writes a number token with the decimal's exact digits.
 */
export const WireDecimal: Schema.Schema<Decimal, string | number | JsonNumber> = Schema.transformOrFail(
  Schema.Union(Schema.String, Schema.Number, JsonNumberFromSelf),
  DecimalFromSelf,
  {
    strict: true,
    decode: (input, _, ast) =>
      Option.match(parseDecimal(textOf(input)), {
        onNone: () => ParseResult.fail(new ParseResult.Type(ast, input, `not a finite decimal: ${String(input)}`)),
        onSome: ParseResult.succeed
      }),
    encode: (d) => ParseResult.succeed(new JsonNumber(d.toString()))
  }
).annotations({ identifier: "WireDecimal" })

/** A grid step (tick, size increment): a zero or negative one would make every rounding divide by nothing. */
export const PositiveWireDecimal = WireDecimal.pipe(
  Schema.filter((d) => d.gt(0) || `expected a positive decimal, got ${d.toString()}`)
)

/** A minimum size: zero is allowed, a negative one is not. */
export const NonNegativeWireDecimal = WireDecimal.pipe(
  Schema.filter((d) => d.gte(0) || `expected a non-negative decimal, got ${d.toString()}`)
)
