import { Either, Schema } from "effect"
import { decodeFrame, decodeValue, type KrakenDecodeError } from "../DecodeError.ts"

export const FUTURES_API_PREFIX = "/derivatives/api/v3"

/** Documented v3 `error` values (plus those ccxt maps); the simulator answers with these. */
export const FuturesRestError = {
  accountInactive: "accountInactive",
  apiLimitExceeded: "apiLimitExceeded",
  authenticationError: "authenticationError",
  insufficientFunds: "insufficientFunds",
  invalidAccount: "invalidAccount",
  invalidAmount: "invalidAmount",
  invalidArgument: "invalidArgument",
  invalidUnit: "invalidUnit",
  jsonParseError: "Json Parse Error",
  marketUnavailable: "marketUnavailable",
  nonceBelowThreshold: "nonceBelowThreshold",
  nonceDuplicate: "nonceDuplicate",
  notFound: "notFound",
  requiredArgumentMissing: "requiredArgumentMissing",
  serverError: "Server Error",
  unavailable: "Unavailable",
  unknownError: "unknownError",
  contractNotFound: "contractNotFound"
} as const

/** The `errors` form some newer endpoints use, e.g. `{code: 11, message: "invalid order type"}`. */
export const FuturesErrorItem = Schema.Struct({ code: Schema.Int, message: Schema.String })

/** `result: "error"`: a single `error` string or an `errors` list (an HTTP 500 may send only `errors`). */
export const FuturesErrorBody = Schema.Struct({
  result: Schema.optional(Schema.Literal("error")),
  serverTime: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  error: Schema.optional(Schema.String),
  errors: Schema.optional(Schema.Array(FuturesErrorItem))
})
export type FuturesErrorBody = typeof FuturesErrorBody.Type

/**
 * `{result: "success", serverTime, ...fields}`. `success` only means accepted: order outcomes live in
 * `sendStatus.status` and its siblings.
 */
export const FuturesSuccess = <F extends Schema.Struct.Fields>(fields: F) =>
  Schema.Struct({ result: Schema.Literal("success"), serverTime: Schema.String, ...fields })

/** A v3 response as served: the success shape or an error body. */
export const FuturesResponse = <F extends Schema.Struct.Fields>(fields: F) =>
  Schema.Union(FuturesSuccess(fields), FuturesErrorBody)

/** Kraken answered a Derivatives REST call with `result: "error"`. */
export class KrakenFuturesApiError extends Schema.TaggedError<KrakenFuturesApiError>()("KrakenFuturesApiError", {
  endpoint: Schema.String,
  error: Schema.String
}) {
  override get message(): string {
    return `Kraken Derivatives ${this.endpoint} failed: ${this.error}`
  }
}

/** The error text of an error body: `error`, else the first `errors[].message` (as ccxt reads it). */
export const futuresErrorText = (body: FuturesErrorBody): string =>
  body.error ?? body.errors?.[0]?.message ?? body.status ?? "unknown error"

const ResultTag = Schema.Struct({ result: Schema.optional(Schema.String) })

/** Decodes a v3 body with its `success` schema, failing with the endpoint and Kraken's text on `result: "error"`. */
export const decodeFuturesResponse =
  <A, I>(endpoint: string, success: Schema.Schema<A, I>) =>
  (text: string): Either.Either<A, KrakenFuturesApiError | KrakenDecodeError> =>
    Either.flatMap(decodeFrame(Schema.Unknown, endpoint)(text), (body) =>
      Either.flatMap(decodeValue(ResultTag, endpoint)(body), ({ result }) =>
        result === "success"
          ? decodeValue(success, endpoint)(body)
          : Either.flatMap(decodeValue(FuturesErrorBody, endpoint)(body), (error) =>
              Either.left(new KrakenFuturesApiError({ endpoint, error: futuresErrorText(error) }))
            )
      )
    )
