import { describe, expect, it } from "@effect/vitest"
import { entryOrderSide, exitOrderSide, oppositeSide } from "../../src/domain/Side.ts"

describe("Side", () => {
  it("entries buy for longs and sell for shorts; exits do the opposite", () => {
    expect([entryOrderSide("long"), entryOrderSide("short")]).toEqual(["buy", "sell"])
    expect([exitOrderSide("long"), exitOrderSide("short")]).toEqual(["sell", "buy"])
    expect([oppositeSide("long"), oppositeSide("short")]).toEqual(["short", "long"])
  })
})
