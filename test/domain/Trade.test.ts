import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { Trade } from "../../src/domain/Trade.ts"
import { rejectedField } from "./support.ts"

const row = {
  tradeId: "pos-0123456789ab",
  symbol: "BTC/USD",
  side: "long",
  entryPrice: "60000.5",
  exitPrice: "61000",
  size: "0.0166",
  sizeNotional: "996.0083",
  leverage: "3",
  grossPnl: "16.5917",
  fees: "0.7",
  funding: "-0.05",
  netPnl: "15.9417",
  enteredAt: 1_717_000_000_000,
  exitedAt: 1_717_036_000_000,
  holdingPeriodHours: 10,
  exitReason: "take_profit",
  makerFills: 2,
  takerFills: 1
}

const decode = decodeModel(Trade, "Trade")

describe("Trade", () => {
  it("round-trips through its encoded (stored) form, money as decimal strings", () => {
    const trade = Schema.decodeUnknownSync(Trade)(row)
    expect(trade.netPnl.toString()).toBe("15.9417")
    expect(trade.funding.isNegative()).toBe(true)
    expect(Schema.encodeSync(Trade)(trade)).toEqual(row)
  })
  it("rejects an unknown exit reason, naming the field", () => {
    expect(rejectedField(decode({ ...row, exitReason: "Stop Loss hit" }))).toBe("exitReason")
  })
  it("rejects a non-positive entry price, naming the field", () => {
    expect(rejectedField(decode({ ...row, entryPrice: "0" }))).toBe("entryPrice")
  })
  it("rejects an exit before the entry, naming exitedAt", () => {
    expect(rejectedField(decode({ ...row, exitedAt: row.enteredAt - 1 }))).toBe("exitedAt")
  })
  it("rejects a fractional fill count", () => {
    expect(Either.isLeft(decode({ ...row, makerFills: 1.5 }))).toBe(true)
  })
})
