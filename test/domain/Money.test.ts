import { describe, expect, it } from "@effect/vitest"
import { Either, Option, Schema } from "effect"
import {
  contractsForNotional,
  Decimal,
  DecimalFromString,
  DecimalFromWire,
  NonNegativeDecimal,
  notionalOf,
  PositiveDecimal,
  parseDecimal,
  roundPriceToTick,
  roundSizeDown,
  roundSizeUp,
  roundStopPrice
} from "../../src/domain/Money.ts"

const d = (s: string) => new Decimal(s)

describe("Decimal configuration", () => {
  it("uses 28 significant digits", () => {
    expect(d("1").div(3).toString()).toBe("0.3333333333333333333333333333")
  })
  it("rounds half to even", () => {
    expect(d("2.5").toDecimalPlaces(0).toString()).toBe("2")
    expect(d("3.5").toDecimalPlaces(0).toString()).toBe("4")
  })
  it("prints plain notation, never exponents", () => {
    expect(d("0.00000001").toString()).toBe("0.00000001")
    expect(d("1e25").toString()).toBe("10000000000000000000000000")
  })
})

describe("parseDecimal", () => {
  it("takes a number through its shortest repr: no float drift", () => {
    expect(Option.getOrThrow(parseDecimal(0.1)).toString()).toBe("0.1")
    expect(Option.getOrThrow(parseDecimal(61250.5)).toString()).toBe("61250.5")
    expect(Option.getOrThrow(parseDecimal(1e-7)).toString()).toBe("0.0000001")
  })
  it("takes strings as written, including signs, bare fractions and exponents", () => {
    expect(Option.getOrThrow(parseDecimal(" 0.30000000000000004 ")).toString()).toBe("0.30000000000000004")
    expect(Option.getOrThrow(parseDecimal("-.5")).toString()).toBe("-0.5")
    expect(Option.getOrThrow(parseDecimal("2.5E-3")).toString()).toBe("0.0025")
  })
  it("rejects empty, malformed and non-finite input", () => {
    for (const bad of [
      "",
      "abc",
      "1.2.3",
      "NaN",
      "Infinity",
      "0x1f",
      "1e",
      ".",
      Number.NaN,
      Number.POSITIVE_INFINITY
    ]) {
      expect(Option.isNone(parseDecimal(bad)), String(bad)).toBe(true)
    }
  })
})

describe("decimal schemas", () => {
  it("DecimalFromString round-trips through the plain string", () => {
    const value = Schema.decodeUnknownSync(DecimalFromString)("0.00000001")
    expect(value.eq(d("0.00000001"))).toBe(true)
    expect(Schema.encodeSync(DecimalFromString)(value)).toBe("0.00000001")
  })
  it("DecimalFromString rejects numbers and malformed strings", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(DecimalFromString)(0.1))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(DecimalFromString)("1,5"))).toBe(true)
  })
  it("DecimalFromWire decodes JSON numbers without drift and encodes strings", () => {
    const value = Schema.decodeUnknownSync(DecimalFromWire)(0.1)
    expect(value.plus(Schema.decodeUnknownSync(DecimalFromWire)("0.2")).toString()).toBe("0.3")
    expect(Schema.encodeSync(DecimalFromWire)(value)).toBe("0.1")
  })
  it("PositiveDecimal and NonNegativeDecimal enforce their sign", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(PositiveDecimal)("0"))).toBe(true)
    expect(Either.isRight(Schema.decodeUnknownEither(PositiveDecimal)("0.5"))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(NonNegativeDecimal)("-0.1"))).toBe(true)
    expect(Either.isRight(Schema.decodeUnknownEither(NonNegativeDecimal)("0"))).toBe(true)
  })
})

describe("rounding", () => {
  it("size rounds DOWN to the step, even just below the next step", () => {
    expect(roundSizeDown(d("0.12349"), d("0.0001")).toString()).toBe("0.1234")
    expect(roundSizeDown(d("7"), d("2.5")).toString()).toBe("5")
    expect(roundSizeDown(d("0.00009"), d("0.0001")).toString()).toBe("0")
  })
  it("exit size rounds UP to the step; an aligned size is unchanged", () => {
    expect(roundSizeUp(d("0.12341"), d("0.0001")).toString()).toBe("0.1235")
    expect(roundSizeUp(d("0.1234"), d("0.0001")).toString()).toBe("0.1234")
  })
  it("price rounds to the nearest tick, also for non-power-of-ten ticks", () => {
    expect(roundPriceToTick(d("61250.74"), d("0.5")).toString()).toBe("61250.5")
    expect(roundPriceToTick(d("61250.76"), d("0.5")).toString()).toBe("61251")
    expect(roundPriceToTick(d("1.2345"), d("0.0025")).toString()).toBe("1.235")
  })
  it("a long's stop rounds DOWN and a short's stop rounds UP (away from the market)", () => {
    expect(roundStopPrice(d("100.09"), d("0.1"), "long").toString()).toBe("100")
    expect(roundStopPrice(d("100.01"), d("0.1"), "short").toString()).toBe("100.1")
    expect(roundStopPrice(d("100.1"), d("0.1"), "long").toString()).toBe("100.1")
    expect(roundStopPrice(d("100.1"), d("0.1"), "short").toString()).toBe("100.1")
  })
})

describe("notional and contracts", () => {
  it("notional = size × price × contract size", () => {
    expect(notionalOf(d("0.5"), d("60000")).toString()).toBe("30000")
    expect(notionalOf(d("2"), d("10"), d("0.1")).toString()).toBe("2")
  })
  it("contracts for a notional round down to the step", () => {
    expect(contractsForNotional(d("1000"), d("60000"), d("0.0001")).toString()).toBe("0.0166")
    expect(contractsForNotional(d("1"), d("60000"), d("0.0001")).toString()).toBe("0")
  })
})
