import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { AccountState } from "../../src/domain/AccountState.ts"
import { decodeModel } from "../../src/domain/Errors.ts"
import { rejectedField } from "./support.ts"

const row = {
  timestamp: 1_717_000_000_000,
  equity: "10250.5",
  balance: "10000",
  marginUsed: "1200",
  availableMargin: "9050.5",
  unrealizedPnl: "250.5"
}

describe("AccountState", () => {
  it("round-trips through its stored form", () => {
    const state = Schema.decodeUnknownSync(AccountState)(row)
    expect(state.equity.minus(state.balance).eq(state.unrealizedPnl)).toBe(true)
    expect(Schema.encodeSync(AccountState)(state)).toEqual(row)
  })
  it("rejects negative margin and non-integer timestamps, naming the field", () => {
    const decode = decodeModel(AccountState, "AccountState")
    expect(rejectedField(decode({ ...row, marginUsed: "-1" }))).toBe("marginUsed")
    expect(rejectedField(decode({ ...row, timestamp: 1.5 }))).toBe("timestamp")
    expect(rejectedField(decode({ ...row, equity: 10250.5 }))).toBe("equity")
  })
})
