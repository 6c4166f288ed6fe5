import { Schema } from "effect"
import { expect } from "vitest"
import { frame } from "../../../../src/exchange/kraken/wire/Json.ts"

/**
 * Decodes `text` with `schema`, encodes it back and asserts the result. `json` (default): the re-encoded frame
 * is the same JSON value (numbers stay numbers). `value`: decoding the re-encoded frame gives the same value, for
 * wire formats whose decimal strings Kraken pads ("61100.0" is written back as "61100").
 */
export const roundTrip = <A, I>(schema: Schema.Schema<A, I>, text: string, compare: "json" | "value" = "json"): A => {
  const codec = frame(schema)
  const decoded = Schema.decodeUnknownSync(codec)(text)
  const encoded = Schema.encodeSync(codec)(decoded)
  if (compare === "json") expect(JSON.parse(encoded)).toEqual(JSON.parse(text))
  else expect(Schema.decodeUnknownSync(codec)(encoded)).toEqual(decoded)
  return decoded
}

/** Decoding fails (a wrong or incomplete message is refused, not half-read). */
export const refuses = <A, I>(schema: Schema.Schema<A, I>, text: string): void => {
  expect(Schema.decodeUnknownEither(frame(schema))(text)._tag).toBe("Left")
}
