import { Either } from "effect"
import type { InvalidValue } from "../../src/domain/Errors.ts"

/** The field an invalid input is rejected for; throws when the input decodes. */
export const rejectedField = <A>(result: Either.Either<A, InvalidValue>): string =>
  Either.match(result, {
    onLeft: (error) => error.field,
    onRight: () => {
      throw new Error("expected the input to be rejected, but it decoded")
    }
  })
