import { FastCheck as fc } from "effect"
import { JsonNumber } from "../../src/exchange/kraken/wire/Json.ts"

/** Every leaf position of a parsed JSON value, as a path of keys / indices. */
export const leafPaths = (value: unknown, prefix: ReadonlyArray<string> = []): Array<ReadonlyArray<string>> =>
  typeof value === "object" && value !== null && !(value instanceof JsonNumber)
    ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))
    : [prefix]

/** A copy of `value` with the node at `path` replaced (`undefined` removes an object key). */
export const replaceAt = (value: unknown, path: ReadonlyArray<string>, replacement: unknown): unknown => {
  if (path.length === 0) return replacement
  const [head = "", ...rest] = path
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? replaceAt(v, rest, replacement) : v))
  const record = typeof value === "object" && value !== null ? value : {}
  return Object.fromEntries(
    Object.entries(record).flatMap(([k, v]) => {
      if (k !== head) return [[k, v]]
      const next = replaceAt(v, rest, replacement)
      return next === undefined ? [] : [[k, next]]
    })
  )
}

/** A hostile JSON value: any JSON, NaN / infinity spellings, overflowing and 400-digit numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "-1e400", "1e400", "", "null", "9".repeat(400)),
  fc.constantFrom(
    new JsonNumber("1e400"),
    new JsonNumber("-1e400"),
    new JsonNumber("-0.0000000000000000000000001"),
    new JsonNumber("9".repeat(400))
  )
)

/** `path` is the field the error names, or inside it, or holds it. */
export const related = (named: string, path: ReadonlyArray<string>): boolean => {
  const replaced = path.join(".")
  return replaced === named || replaced.startsWith(`${named}.`) || named.startsWith(`${replaced}.`)
}
