import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { decodeModel, InvalidValue } from "../../src/domain/Errors.ts"

const Sample = Schema.Struct({ outer: Schema.Struct({ price: Schema.Number }) })
const decode = decodeModel(Sample, "Sample")

describe("decodeModel", () => {
  it("decodes valid input", () => {
    expect(decode({ outer: { price: 1 } })).toEqual(Either.right({ outer: { price: 1 } }))
  })
  it("fails with InvalidValue naming the model and the dotted field path", () => {
    const error = Either.getLeft(decode({ outer: { price: "x" } }))
    expect(error._tag).toBe("Some")
    if (error._tag === "Some") {
      expect(error.value).toBeInstanceOf(InvalidValue)
      expect(error.value.model).toBe("Sample")
      expect(error.value.field).toBe("outer.price")
      expect(error.value.message).toMatch(/^invalid Sample\.outer\.price: /)
    }
  })
  it.effect("is usable inside Effect.gen as a typed failure", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(decode({}))
      expect(error._tag).toBe("InvalidValue")
      expect(error.field).toBe("outer")
    })
  )
})
