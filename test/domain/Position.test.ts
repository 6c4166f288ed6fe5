import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { isTerminalState, Position, PositionState } from "../../src/domain/Position.ts"
import { rejectedField } from "./support.ts"

const row = {
  positionId: "pos-0123456789ab",
  symbol: "ETH/USD",
  futuresSymbol: "PF_ETHUSD",
  side: "short",
  state: "PARTIAL",
  size: "0.5",
  originalSize: "2",
  sizeNotional: "1500",
  entryPrice: "3000",
  currentMarkPrice: "2950.5",
  unrealizedPnl: "24.75",
  leverage: "2",
  marginUsed: "750",
  initialStopPrice: "3100",
  stopPrice: "2990",
  tp1Price: "2900",
  stopOrderId: "e66851e7-8721-50ed-bf43-5e6a2ddff423",
  stopClientOrderId: "stop-pos-0123456789ab-3",
  fundingAccrued: "0.12",
  tp1Filled: true,
  tp2Filled: false,
  breakEvenTriggered: true,
  trailingActive: false,
  isProtected: true,
  protectionReason: "stop order live",
  setupType: "ob",
  regime: "tight_smc",
  openedAt: 1_717_000_000_000,
  updatedAt: 1_717_003_600_000
}

const decode = decodeModel(Position, "Position")

describe("Position", () => {
  it("round-trips through its encoded form; absent optionals stay absent", () => {
    const position = Schema.decodeUnknownSync(Position)(row)
    expect(position.liquidationPrice).toBeUndefined()
    expect(Schema.encodeSync(Position)(position)).toEqual(row)
  })
  it("derives the closed fraction of the original size", () => {
    expect(Schema.decodeUnknownSync(Position)(row).partialCloseFraction.toString()).toBe("0.75")
    expect(Schema.decodeUnknownSync(Position)({ ...row, size: "3" }).partialCloseFraction.toString()).toBe("0")
  })
  it("rejects a negative remaining size (invariant B), naming size", () => {
    expect(rejectedField(decode({ ...row, size: "-0.1" }))).toBe("size")
  })
  it("rejects an unknown state and a malformed position id", () => {
    expect(rejectedField(decode({ ...row, state: "DONE" }))).toBe("state")
    expect(rejectedField(decode({ ...row, positionId: "pos-XYZ" }))).toBe("positionId")
  })
  it("rejects a spot symbol in the futures field", () => {
    expect(rejectedField(decode({ ...row, futuresSymbol: "ETH/USD" }))).toBe("futuresSymbol")
  })
  it("rejects a PENDING position whose initial stop is on the profit side", () => {
    expect(rejectedField(decode({ ...row, state: "PENDING", initialStopPrice: "2900" }))).toBe("initialStopPrice")
    expect(rejectedField(decode({ ...row, side: "long", state: "PENDING" }))).toBe("initialStopPrice")
  })
  it("rejects timestamps out of order", () => {
    expect(rejectedField(decode({ ...row, updatedAt: row.openedAt - 1 }))).toBe("updatedAt")
    expect(rejectedField(decode({ ...row, closedAt: row.openedAt - 1 }))).toBe("closedAt")
  })
  it("terminal states are exactly CLOSED, CANCELLED, ERROR, ORPHANED", () => {
    expect(PositionState.literals.filter(isTerminalState)).toEqual(["CLOSED", "CANCELLED", "ERROR", "ORPHANED"])
  })
})
