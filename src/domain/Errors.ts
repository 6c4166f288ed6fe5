import { Either, ParseResult, Schema } from "effect"

/**
 * A value from outside (database row, exchange message, config) that does not decode into a domain model.
 * Shared by every adapter that decodes domain models; `field` is the dotted path of the first bad value.
 */
export class InvalidValue extends Schema.TaggedError<InvalidValue>()("InvalidValue", {
  model: Schema.String,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `invalid ${this.model}${this.field === "" ? "" : `.${this.field}`}: ${this.detail}`
  }
}

/** The first issue of a parse error as an `InvalidValue` naming the model and the field. */
export const invalidValue = (model: string, error: ParseResult.ParseError): InvalidValue => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return new InvalidValue({
    model,
    field: issue === undefined ? "" : issue.path.map(String).join("."),
    detail: issue?.message ?? error.message
  })
}

/** Decoder for a domain model whose failures name the model and field (an Either is also an Effect). */
export const decodeModel =
  <A, I>(schema: Schema.Schema<A, I>, model: string) =>
  (input: unknown): Either.Either<A, InvalidValue> =>
    Either.mapLeft(Schema.decodeUnknownEither(schema)(input), (error) => invalidValue(model, error))
