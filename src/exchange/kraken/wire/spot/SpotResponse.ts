import { Either, Schema } from "effect"
import { decodeFrame, decodeValue, type KrakenDecodeError } from "../DecodeError.ts"

/** `{error: [...], result: {...}}`: every Spot REST response; `result` is absent or empty on error. */
export const SpotResponse = <A, I>(result: Schema.Schema<A, I>) =>
  Schema.Struct({ error: Schema.Array(Schema.String), result: Schema.optional(result) })

/** Kraken answered a Spot REST call with errors (or with neither errors nor a result). */
export class KrakenSpotApiError extends Schema.TaggedError<KrakenSpotApiError>()("KrakenSpotApiError", {
  endpoint: Schema.String,
  errors: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return this.errors.length === 0
      ? `Kraken Spot ${this.endpoint} returned neither a result nor an error`
      : `Kraken Spot ${this.endpoint} failed: ${this.errors.join(", ")}`
  }
}

/**
 * Decodes a Spot REST body: an error list wins over any result, so `{error:["EAPI:Invalid nonce"], result:{}}`
 * fails with that string instead of a decode error about the empty result.
 */
export const decodeSpotResponse =
  <A, I>(endpoint: string, result: Schema.Schema<A, I>) =>
  (text: string): Either.Either<A, KrakenSpotApiError | KrakenDecodeError> =>
    Either.flatMap(
      decodeFrame(SpotResponse(Schema.Unknown), endpoint)(text),
      (envelope): Either.Either<A, KrakenSpotApiError | KrakenDecodeError> =>
        envelope.error.length > 0 || envelope.result === undefined
          ? Either.left(new KrakenSpotApiError({ endpoint, errors: envelope.error }))
          : decodeValue(result, endpoint, "result")(envelope.result)
    )
