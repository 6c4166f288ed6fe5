import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { decodeModel } from "../../src/domain/Errors.ts"
import { SystemEvent, SystemEventType } from "../../src/domain/SystemEvent.ts"
import { rejectedField } from "./support.ts"

const row = {
  timestamp: 1_717_000_000_000,
  eventType: "order_placed",
  symbol: "BTC/USD",
  decisionId: "tick-1717000000000-BTCUSD",
  details: { clientOrderId: "entry-pos-0123456789ab-1", size: "0.01" }
}

describe("SystemEvent", () => {
  it("round-trips, with and without the optional symbol and decision id", () => {
    expect(Schema.encodeSync(SystemEvent)(Schema.decodeUnknownSync(SystemEvent)(row))).toEqual(row)
    const bare = { timestamp: 1, eventType: "startup", details: {} }
    expect(Schema.encodeSync(SystemEvent)(Schema.decodeUnknownSync(SystemEvent)(bare))).toEqual(bare)
  })
  it("covers every event type the brief lists", () => {
    for (const t of [
      "tick_completed",
      "startup",
      "shutdown",
      "signal_generated",
      "decision_trace",
      "order_placed",
      "order_filled",
      "order_cancelled",
      "position_opened",
      "position_closed",
      "kill_switch_activated",
      "kill_switch_cleared",
      "safety_state_changed",
      "reconciliation",
      "takeover",
      "error"
    ]) {
      expect(SystemEventType.literals, t).toContain(t)
    }
  })
  it("rejects an unknown event type and a non-canonical symbol, naming the field", () => {
    const decode = decodeModel(SystemEvent, "SystemEvent")
    expect(rejectedField(decode({ ...row, eventType: "ORDER_PLACED" }))).toBe("eventType")
    expect(rejectedField(decode({ ...row, symbol: "PF_XBTUSD" }))).toBe("symbol")
  })
})
