import { describe, expect, it } from "@effect/vitest"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { newIntent } from "../../src/execution/OrderIntent.ts"
import {
  checkProtection,
  type ExchangePositionView,
  needsRepair,
  type OpenOrderView
} from "../../src/execution/ProtectionCheck.ts"
import { giveUpEvent, unacknowledgedStops } from "../../src/execution/StopReplacement.ts"
import { apply, d, filled, moveStop, openLong, pending, placements, T0 } from "./fixtures.ts"

const stopOrder = (overrides: Partial<OpenOrderView> = {}): OpenOrderView => ({
  orderId: ExchangeOrderId.make("venue-stop"),
  symbol: "PF_XBTUSD",
  side: "sell",
  type: "stop",
  reduceOnly: true,
  status: "new",
  quantity: d(1),
  filledQuantity: d(0),
  ...overrides
})

const btcLong: ReadonlyArray<ExchangePositionView> = [{ symbol: "PF_XBTUSD", side: "long", quantity: d(1) }]

const check = (
  openOrders: ReadonlyArray<OpenOrderView>,
  positions = [openLong().record],
  exchangePositions = btcLong
) => checkProtection({ positions, openOrders, exchangePositions, now: T0 + 60_000, graceMs: 5_000 })

describe("checkProtection", () => {
  it("a working reduce-only stop on the exit side for the full size protects, whatever the symbol form", () => {
    const { record, stop } = openLong()
    const [finding] = check([stopOrder({ clientOrderId: stop.clientOrderId, symbol: "BTC/USD:USD" })], [record])
    expect(finding).toMatchObject({ positionId: record.positionId, status: "protected", unboundStops: [] })
    expect(finding?.covered.toString()).toBe("1")
  })

  it("take-profits, entry-side, non-reduce-only, finished or other-symbol orders do not protect", () => {
    const useless = [
      stopOrder({ type: "take_profit" }),
      stopOrder({ type: "limit" }),
      stopOrder({ side: "buy" }),
      stopOrder({ reduceOnly: false }),
      stopOrder({ status: "canceled" }),
      stopOrder({ symbol: "PF_ETHUSD" })
    ]
    const [finding] = check(useless)
    expect(finding?.status).toBe("naked")
    expect(needsRepair(finding!)).toBe(true)
  })

  it("measures coverage against the size the exchange holds, net of partial fills", () => {
    const [partial] = check([stopOrder({ quantity: d(1), filledQuantity: d("0.4") })])
    expect(partial?.status).toBe("under_covered")
    expect(partial?.covered.toString()).toBe("0.6")
    const [larger] = check([stopOrder()], undefined, [{ symbol: "PF_XBTUSD", side: "long", quantity: d(2) }])
    expect(larger?.status).toBe("under_covered")
    expect(larger?.required.toString()).toBe("2")
  })

  it("reports stops the record does not track, to bind them instead of placing another", () => {
    const [finding] = check([stopOrder({ clientOrderId: ClientOrderId.make("placed-by-hand") })])
    expect(finding?.status).toBe("protected")
    expect(finding?.unboundStops).toEqual(["venue-stop"])
  })

  it("a stop placement in flight within the grace is pending, after it is naked", () => {
    const { record, entry } = pending()
    const fresh = apply(record, filled(entry, 1, 100)).record
    const young = checkProtection({
      positions: [fresh],
      openOrders: [],
      exchangePositions: btcLong,
      now: fresh.updatedAt + 1_000,
      graceMs: 5_000
    })
    const old = checkProtection({
      positions: [fresh],
      openOrders: [],
      exchangePositions: btcLong,
      now: fresh.updatedAt + 6_000,
      graceMs: 5_000
    })
    expect([young[0]?.status, old[0]?.status]).toEqual(["pending", "naked"])
  })

  it("a managed position the exchange no longer holds is flat; an unmanaged exchange position is checked too", () => {
    const findings = check([], [openLong().record], [{ symbol: "PF_ETHUSD", side: "short", quantity: d(3) }])
    expect(findings.map((f) => [f.key, f.positionId === undefined, f.status])).toEqual([
      ["BTCUSD", false, "flat"],
      ["ETHUSD", true, "naked"]
    ])
    const guarded = check(
      [stopOrder({ symbol: "PF_ETHUSD", side: "buy", quantity: d(3) })],
      [],
      [{ symbol: "PF_ETHUSD", side: "short", quantity: d(3) }]
    )
    expect(guarded[0]).toMatchObject({ status: "protected", unboundStops: ["venue-stop"] })
  })
})

describe("unacknowledged stop placements", () => {
  it("are the stop intents sent or unknown longer than the timeout", () => {
    const { record } = openLong()
    const moved = apply(record, moveStop(98))
    const [replacement] = placements(moved.effects)
    const sent = { ...newIntent(replacement!, T0), status: "sent" as const, updatedAt: T0 + 1_000 }
    const exitIntent = { ...sent, request: { ...sent.request, purpose: "exit" as const } }
    const acked = { ...sent, status: "acknowledged" as const }
    expect(unacknowledgedStops([sent, exitIntent, acked], T0 + 5_000, 10_000)).toEqual([])
    expect(unacknowledgedStops([sent, exitIntent, acked], T0 + 11_001, 10_000)).toEqual([sent])
    // Giving up keeps the old stop: the target returns to it and nothing new is placed on its own.
    const givenUp = apply(moved.record, giveUpEvent(sent, 10_000, T0 + 11_001))
    expect(givenUp.record.stopTarget.toString()).toBe("95")
    expect(givenUp.record.orders.filter((o) => o.role === "stop" && o.status === "working")).toHaveLength(1)
    expect(givenUp.effects).toEqual([])
  })
})
