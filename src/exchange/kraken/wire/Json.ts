import { Either, ParseResult, Schema } from "effect"

/**
 * A JSON number kept as its exact text. Outgoing decimals are encoded to this so the frame writer can emit
 * `0.1` as a number token without ever passing through a float.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export const JsonNumberFromSelf = Schema.declare((u: unknown): u is JsonNumber => u instanceof JsonNumber, {
  identifier: "JsonNumber"
})

// A JSON number token at a value position; digits never occur elsewhere outside strings.
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

const isExactAsFloat = (token: string): boolean => /^-?\d+$/.test(token) && Number.isSafeInteger(Number(token))

/** Kraken's messages nest a few levels; a frame nested deeper is hostile or broken and is refused before parsing. */
export const MAX_FRAME_DEPTH = 64
const TOO_DEEP = Symbol("TooDeep")

/**
 * Quotes every number token that a float could not hold exactly (a fraction, an exponent or an integer beyond
 * 2^53) so `JSON.parse` yields its text; safe integers (ids, counts, intervals) stay numbers. Decimal schemas accept
 * either form, so prices and sizes never meet float arithmetic.
 */
const quoteInexactNumbers = (text: string): string | typeof TOO_DEEP => {
  let out = ""
  let copiedTo = 0
  let depth = 0
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_FRAME_DEPTH) return TOO_DEEP
      i++
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--
      i++
    } else if (c === 34 /* " */) {
      i++
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1
      i++
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      NUMBER_TOKEN.lastIndex = i
      const token = NUMBER_TOKEN.exec(text)?.[0]
      if (token === undefined) return text // malformed: let JSON.parse report it
      if (!isExactAsFloat(token)) {
        out += `${text.slice(copiedTo, i)}"${token}"`
        copiedTo = i + token.length
      }
      i += token.length
    } else {
      i++
    }
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo)
}

/** Parses an incoming frame with decimal-exact numbers (see `quoteInexactNumbers`). */
export const parseFrame = (text: string): Either.Either<unknown, string> => {
  const quoted = quoteInexactNumbers(text)
  if (quoted === TOO_DEEP) return Either.left(`nested deeper than ${MAX_FRAME_DEPTH} levels`)
  try {
    return Either.right(JSON.parse(quoted))
  } catch (e) {
    return Either.left(e instanceof Error ? e.message : String(e))
  }
}

/** Writes an outgoing frame; `JsonNumber` values become raw number tokens, `undefined` members are dropped. */
export const stringifyFrame = (value: unknown): string => {
  if (value instanceof JsonNumber) return value.text
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stringifyFrame(v))).join(",")}]`
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).flatMap(([k, v]) =>
      v === undefined ? [] : [`${JSON.stringify(k)}:${stringifyFrame(v)}`]
    )
    return `{${members.join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** A text frame as JSON, decimal-exact both ways: `Schema.compose(JsonFrame, Message)` decodes a whole frame. */
export const JsonFrame: Schema.Schema<unknown, string> = Schema.transformOrFail(Schema.String, Schema.Unknown, {
  strict: true,
  decode: (text, _, ast) =>
    Either.match(parseFrame(text), {
      onLeft: (reason) => ParseResult.fail(new ParseResult.Type(ast, text, `invalid JSON frame: ${reason}`)),
      onRight: ParseResult.succeed
    }),
  encode: (value) => ParseResult.succeed(stringifyFrame(value))
}).annotations({ identifier: "JsonFrame" })

/** `schema` read from and written to a JSON text frame. */
export const frame = <A, I, R>(schema: Schema.Schema<A, I, R>): Schema.Schema<A, string, R> =>
  Schema.compose(JsonFrame, schema, { strict: false })
