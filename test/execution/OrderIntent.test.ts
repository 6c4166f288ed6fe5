import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { PositionId } from "../../src/domain/Position.ts"
import { clientOrderIdFor, orderLabel } from "../../src/execution/ClientOrderIds.ts"
import {
  newIntent,
  type OrderIntent,
  recordOutcome,
  resolutionEvent,
  resolveIntent
} from "../../src/execution/OrderIntent.ts"
import { apply, d, openLong, pending, placements, requestExit, T0 } from "./fixtures.ts"

describe("client order ids", () => {
  it("are deterministic per position, purpose and attempt, and distinct otherwise", () => {
    const pid = PositionId.make("pos-00000000000a")
    const other = PositionId.make("pos-00000000000b")
    const id = clientOrderIdFor(pid, "stop", 3)
    expect(clientOrderIdFor(pid, "stop", 3)).toBe(id)
    const variants = [
      clientOrderIdFor(pid, "stop", 4),
      clientOrderIdFor(pid, "replace-stop", 3),
      clientOrderIdFor(other, "stop", 3)
    ]
    expect(new Set([id, ...variants]).size).toBe(4)
  })

  it("are UUID-shaped (version 8, RFC variant) and valid client order ids", () => {
    const id = clientOrderIdFor(PositionId.make("pos-0123456789ab"), "entry", 0)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Schema.is(ClientOrderId)(id)).toBe(true)
    expect(orderLabel(PositionId.make("pos-0123456789ab"), "tp1", 2)).toBe("tp1-pos-0123456789ab-2")
  })

  it("a position's placements use successive attempt numbers", () => {
    const { record, entry } = pending()
    const fill = apply(record, {
      _tag: "OrderFilled",
      fillId: "f1",
      clientOrderId: entry.clientOrderId,
      quantity: d(1),
      price: d(100),
      fee: d(0),
      at: T0 + 1
    })
    expect(placements(fill.effects).map((r) => r.seq)).toEqual([1, 2, 3])
    expect(placements(fill.effects).map((r) => r.clientOrderId)).toEqual(
      placements(fill.effects).map((r) => clientOrderIdFor(r.positionId, r.purpose, r.seq))
    )
  })
})

const intentOf = (status: OrderIntent["status"], purpose: "entry" | "exit" = "entry"): OrderIntent => {
  const { entry } = pending()
  const request = purpose === "entry" ? entry : placements(apply(openLong().record, requestExit()).effects)[0]!
  return { ...newIntent(request, T0), status }
}

const found = (status: "new" | "filled" | "rejected", filled: number) => ({
  _tag: "Found" as const,
  orderId: ExchangeOrderId.make("venue-1"),
  status,
  filledQuantity: d(filled)
})

describe("intent resolution after a restart", () => {
  it("a pending intent was never sent: send it if wanted, withdraw it otherwise", () => {
    expect(resolveIntent(intentOf("pending"), true, undefined)._tag).toBe("Send")
    expect(resolveIntent(intentOf("pending"), false, undefined)._tag).toBe("Withdraw")
  })

  it("a sent or unknown intent is looked up before anything else", () => {
    expect(resolveIntent(intentOf("sent"), true, undefined)._tag).toBe("LookUp")
    expect(resolveIntent(intentOf("unknown"), true, undefined)._tag).toBe("LookUp")
  })

  it("found on the venue: acknowledged, with fills replayed when it traded", () => {
    expect(resolveIntent(intentOf("sent"), true, found("filled", 1))).toEqual({
      _tag: "Acknowledge",
      orderId: "venue-1",
      replayFills: true
    })
    expect(resolveIntent(intentOf("sent"), true, found("new", 0))).toMatchObject({ replayFills: false })
    expect(resolveIntent(intentOf("sent"), true, found("rejected", 0))._tag).toBe("Reject")
  })

  it("not found: an entry is never resent, a reduce-only order is resent with the same id", () => {
    expect(resolveIntent(intentOf("sent", "entry"), true, { _tag: "NotFound" })._tag).toBe("Abandon")
    expect(resolveIntent(intentOf("unknown", "exit"), true, { _tag: "NotFound" })._tag).toBe("Resend")
    expect(resolveIntent(intentOf("unknown", "exit"), false, { _tag: "NotFound" })._tag).toBe("Abandon")
  })

  it("a failed lookup leaves the intent unresolved; a settled intent needs nothing", () => {
    expect(resolveIntent(intentOf("sent"), true, { _tag: "LookupFailed", reason: "timeout" })._tag).toBe("Wait")
    expect(resolveIntent(intentOf("acknowledged"), true, undefined)._tag).toBe("Settled")
    expect(resolveIntent(intentOf("withdrawn"), true, { _tag: "NotFound" })._tag).toBe("Settled")
  })

  it("outcomes and resolutions become the intent status and the position's event", () => {
    const sent = intentOf("sent")
    expect(recordOutcome(sent, { _tag: "Ambiguous", reason: "socket closed" }, T0 + 5)).toMatchObject({
      status: "unknown",
      detail: "socket closed",
      updatedAt: T0 + 5
    })
    expect(recordOutcome(sent, { _tag: "Acknowledged", orderId: ExchangeOrderId.make("v-9") }, T0 + 5)).toMatchObject({
      status: "acknowledged",
      orderId: "v-9"
    })
    const abandonEntry = resolutionEvent(sent, { _tag: "Abandon", reason: "lost" }, T0 + 6)
    expect(abandonEntry?._tag).toBe("OrderRejected")
    const exit = intentOf("sent", "exit")
    expect(resolutionEvent(exit, { _tag: "Abandon", reason: "lost" }, T0 + 6)?._tag).toBe("OrderClosed")
    expect(resolutionEvent(exit, { _tag: "LookUp" }, T0 + 6)).toBeUndefined()
  })

  it("abandoning a pending entry leaves the position CANCELLED", () => {
    const { record, entry } = pending()
    const event = resolutionEvent(
      { ...newIntent(entry, T0), status: "sent" },
      { _tag: "Abandon", reason: "lost" },
      T0 + 9
    )
    expect(apply(record, event!).record.state).toBe("CANCELLED")
  })
})
