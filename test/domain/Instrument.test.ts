import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { entrySize, exitSize, Instrument, resolveLeverage } from "../../src/domain/Instrument.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { rejectedField } from "./support.ts"

const row = {
  symbol: "BTC/USD",
  futuresSymbol: "PF_XBTUSD",
  tickSize: "0.5",
  contractSize: "1",
  sizeStep: "0.0001",
  minSize: "0.0002",
  maxLeverage: "50",
  leverageMode: "flexible",
  allowedLeverages: [],
  tier: "A"
}

const btc = Schema.decodeUnknownSync(Instrument)(row)
const fixed = Schema.decodeUnknownSync(Instrument)({
  ...row,
  leverageMode: "fixed",
  allowedLeverages: ["10", "2", "5"]
})
const d = (s: string) => new Decimal(s)
const show = <E>(e: Either.Either<Decimal, E>) => Either.match(e, { onLeft: String, onRight: (x) => x.toString() })

describe("Instrument", () => {
  it("round-trips through its encoded form", () => {
    expect(Schema.encodeSync(Instrument)(btc)).toEqual(row)
  })
  it("rejects a zero tick and a fixed-leverage contract without allowed leverages, naming the field", () => {
    const decode = decodeModel(Instrument, "Instrument")
    expect(rejectedField(decode({ ...row, tickSize: "0" }))).toBe("tickSize")
    expect(rejectedField(decode({ ...row, leverageMode: "fixed" }))).toBe("allowedLeverages")
  })
})

describe("contract rounding (trading-core §3.10)", () => {
  it("entry size = notional / price rounded DOWN to the step", () => {
    expect(show(entrySize(btc, d("1000"), d("60000")))).toBe("0.0166")
  })
  it("entry size rounding to zero and below the minimum are distinct rejections", () => {
    expect(show(entrySize(btc, d("5"), d("60000")))).toBe("SIZE_STEP_ROUND_TO_ZERO")
    expect(show(entrySize(btc, d("8"), d("60000")))).toBe("SIZE_BELOW_MIN")
  })
  it("exit size rounds UP to the step; zero or below minimum is misaligned", () => {
    expect(show(exitSize(btc, d("0.01234")))).toBe("0.0124")
    expect(show(exitSize(btc, d("0.00001")))).toBe("SIZE_STEP_MISALIGNED")
    expect(show(exitSize(btc, d("0")))).toBe("SIZE_STEP_MISALIGNED")
  })
})

describe("leverage resolution", () => {
  it("flexible: min(requested, max)", () => {
    expect(resolveLeverage(btc, d("3"))?.toString()).toBe("3")
    expect(resolveLeverage(btc, d("75"))?.toString()).toBe("50")
  })
  it("fixed: the smallest allowed at or above the request, else the largest allowed", () => {
    expect(resolveLeverage(fixed, d("3"))?.toString()).toBe("5")
    expect(resolveLeverage(fixed, d("5"))?.toString()).toBe("5")
    expect(resolveLeverage(fixed, d("20"))?.toString()).toBe("10")
  })
  it("unknown: leave leverage alone", () => {
    const unknown = Schema.decodeUnknownSync(Instrument)({ ...row, leverageMode: "unknown" })
    expect(resolveLeverage(unknown, d("3"))).toBeUndefined()
  })
})
