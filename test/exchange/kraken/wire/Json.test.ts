import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Decimal } from "../../../../src/domain/Money.ts"
import { frame, JsonNumber, parseFrame, stringifyFrame } from "../../../../src/exchange/kraken/wire/Json.ts"
import { WireDecimal } from "../../../../src/exchange/kraken/wire/WireDecimal.ts"

const parsed = (text: string): unknown => Either.getOrThrow(parseFrame(text))

describe("parseFrame", () => {
  it("keeps fractional and exponent numbers as their exact text", () => {
    expect(parsed('{"price":61250.5,"qty":-0.0123,"tiny":1e-8,"big":2.5E+3}')).toEqual({
      price: "61250.5",
      qty: "-0.0123",
      tiny: "1e-8",
      big: "2.5E+3"
    })
  })

  it("keeps digits a float would lose", () => {
    expect(String(JSON.parse('{"p":0.12345678901234567891}').p)).toBe("0.12345678901234568")
    expect(parsed('{"p":0.12345678901234567891}')).toEqual({ p: "0.12345678901234567891" })
  })

  it("leaves safe integers as numbers and quotes integers beyond 2^53", () => {
    expect(parsed('{"req_id":42,"count":0,"neg":-7,"id":18446744073709551615}')).toEqual({
      req_id: 42,
      count: 0,
      neg: -7,
      id: "18446744073709551615"
    })
  })

  it("never touches digits inside strings, including escaped quotes", () => {
    expect(parsed('{"a":"x\\"1.5","b":["2.5",3.5],"c":"\\\\","d":0.5}')).toEqual({
      a: 'x"1.5',
      b: ["2.5", "3.5"],
      c: "\\",
      d: "0.5"
    })
  })

  it("parses arrays, literals and whitespace", () => {
    expect(parsed(' [ 1.0 , true, null, false, {"x" : [ -0.25 ] } ] ')).toEqual([
      "1.0",
      true,
      null,
      false,
      { x: ["-0.25"] }
    ])
  })

  it("reports malformed frames instead of throwing", () => {
    expect(Either.isLeft(parseFrame('{"a":'))).toBe(true)
    expect(Either.isLeft(parseFrame('{"a":-}'))).toBe(true)
    expect(Either.isLeft(parseFrame("not json"))).toBe(true)
  })
})

describe("stringifyFrame", () => {
  it("writes JsonNumber as a raw number token and drops undefined members", () => {
    const text = stringifyFrame({ a: new JsonNumber("0.30000000000000000001"), b: undefined, c: ["s", 1, null] })
    expect(text).toBe('{"a":0.30000000000000000001,"c":["s",1,null]}')
  })

  it("escapes strings and keys like JSON.stringify", () => {
    const value = { 'k"ey': 'va"l\n', n: 1, t: true, nested: { arr: [] } }
    expect(stringifyFrame(value)).toBe(JSON.stringify(value))
  })
})

describe("WireDecimal through a frame", () => {
  const Prices = frame(Schema.Struct({ a: WireDecimal, b: WireDecimal }))

  it("adds 0.1 and 0.2 to exactly 0.3", () => {
    const { a, b } = Schema.decodeUnknownSync(Prices)('{"a":0.1,"b":0.2}')
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(a.plus(b).toString()).toBe("0.3")
    expect(a.plus(b).eq(new Decimal("0.3"))).toBe(true)
  })

  it("round-trips more digits than a float holds, as numbers not strings", () => {
    const text = '{"a":61000.123456789012345678,"b":1e-8}'
    const decoded = Schema.decodeUnknownSync(Prices)(text)
    expect(decoded.a.toString()).toBe("61000.123456789012345678")
    expect(decoded.b.toString()).toBe("0.00000001")
    expect(Schema.encodeSync(Prices)(decoded)).toBe('{"a":61000.123456789012345678,"b":0.00000001}')
  })

  it("accepts numeric strings and safe numbers and refuses non-decimals", () => {
    const decode = Schema.decodeUnknownEither(WireDecimal)
    expect(Either.getOrThrow(decode("12.5")).toString()).toBe("12.5")
    expect(Either.getOrThrow(decode(61000)).toString()).toBe("61000")
    expect(Either.isLeft(decode("abc"))).toBe(true)
    expect(Either.isLeft(decode(Number.NaN))).toBe(true)
    expect(Either.isLeft(decode(true))).toBe(true)
  })

  it("fails a frame decode on malformed JSON", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(Prices)('{"a":0.1,'))).toBe(true)
  })
})
