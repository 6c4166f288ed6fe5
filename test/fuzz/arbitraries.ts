import { FastCheck as fc } from "effect"

/** Fixed so CI failures reproduce; fast-check prints the seed and path of any counterexample. */
export const FUZZ_SEED = 20_261_125
export const FUZZ_RUNS = 300

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max })

/** A JSON-valid decimal number token: optional sign, integer part, optional fraction and exponent, up to 40 digits. */
export const decimalText: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.constant("0"),
      fc.tuple(fc.constantFrom(..."123456789"), digits(0, 30)).map(([a, b]) => a + b)
    ),
    fc.option(digits(1, 20), { nil: undefined }),
    fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined })
  )
  .map(
    ([negative, int, fraction, exponent]) =>
      `${negative ? "-" : ""}${int}${fraction === undefined ? "" : `.${fraction}`}${exponent === undefined ? "" : `e${exponent}`}`
  )

/** An upper-case asset code such as the ones Kraken lists (2–8 letters/digits, starting with a letter). */
export const assetCode: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), minLength: 1, maxLength: 7 })
  )
  .map(([a, b]) => a + b)
