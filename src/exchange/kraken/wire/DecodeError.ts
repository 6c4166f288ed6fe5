import { Either, ParseResult, Schema } from "effect"
import { frame } from "./Json.ts"

/** A frame or response that does not match its schema; names where (`source`, field `path`) and why. */
export class KrakenDecodeError extends Schema.TaggedError<KrakenDecodeError>()("KrakenDecodeError", {
  source: Schema.String,
  path: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `cannot decode ${this.source} at ${this.path === "" ? "(root)" : this.path}: ${this.detail}`
  }
}

const fromParseError = (source: string, prefix: string, error: ParseResult.ParseError): KrakenDecodeError => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return new KrakenDecodeError({
    source,
    path: [prefix, ...(issue?.path.map(String) ?? [])].filter((p) => p !== "").join("."),
    detail: bounded(issue?.message ?? error.message)
  })
}

// A refusal quotes the value it got: a 720-row OHLC page or a whole frame would flood the log line
const MAX_DETAIL = 300
const bounded = (detail: string): string =>
  detail.length <= MAX_DETAIL ? detail : `${detail.slice(0, MAX_DETAIL)}… (${detail.length} chars)`

/** Decodes an already parsed value found at `prefix` (a dotted path, "" for the root) of a `source` message. */
export const decodeValue =
  <A, I>(schema: Schema.Schema<A, I>, source: string, prefix = "") =>
  (value: unknown): Either.Either<A, KrakenDecodeError> =>
    Schema.decodeUnknownEither(schema)(value).pipe(Either.mapLeft((e) => fromParseError(source, prefix, e)))

/** Decodes a JSON text frame (decimal-exact) with `schema`; `source` names the channel, method or endpoint. */
export const decodeFrame =
  <A, I>(schema: Schema.Schema<A, I>, source: string) =>
  (text: string): Either.Either<A, KrakenDecodeError> =>
    Schema.decodeUnknownEither(frame(schema))(text).pipe(Either.mapLeft((e) => fromParseError(source, "", e)))
