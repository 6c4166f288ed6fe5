import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import { FuturesSymbol, SpotSymbol } from "../../src/domain/Symbols.ts"
import type { ExchangeOrder } from "../../src/exchange/Exchange.ts"
import { adoptionStop, adoptPosition, type Unmanaged } from "../../src/execution/Adoption.ts"
import { remainingQuantity } from "../../src/execution/ManagedPosition.ts"
import { auditOrders, cancellable } from "../../src/execution/OrderAudit.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { d, openLong, POSITION_ID, placements, T0 } from "./fixtures.ts"

const unmanaged = (overrides: Partial<Unmanaged> = {}): Unmanaged => ({
  symbol: SpotSymbol.make("BTC/USD"),
  futuresSymbol: FuturesSymbol.make("PF_XBTUSD"),
  side: "long",
  quantity: d("0.5"),
  entryPrice: d(100),
  mark: d(110),
  existingStops: [],
  tickSize: d("0.5"),
  sizeStep: d("0.001"),
  minSize: d("0.001"),
  ...overrides
})

describe("adoption of exchange exposure", () => {
  it("places the stop 2 % beyond the worse of entry and mark, rounded away from the market", () => {
    expect(adoptionStop(unmanaged()).toString()).toBe("98")
    expect(adoptionStop(unmanaged({ mark: d(90) })).toString()).toBe("88")
    expect(adoptionStop(unmanaged({ side: "short", mark: d(90) })).toString()).toBe("102")
    expect(adoptionStop(unmanaged({ side: "short", entryPrice: d("100.3"), mark: d(90) })).toString()).toBe("102.5")
  })

  it("keeps a tighter existing stop, ignores a looser one and one through the market", () => {
    expect(adoptionStop(unmanaged({ existingStops: [d(105)] })).toString()).toBe("105")
    expect(adoptionStop(unmanaged({ existingStops: [d(90)] })).toString()).toBe("98")
    expect(adoptionStop(unmanaged({ existingStops: [d(111)] })).toString()).toBe("98")
  })

  it("is an OPEN, protected-at-once record whose initial stop keeps invariant D satisfiable", () => {
    const { record, effects } = adoptPosition(unmanaged({ existingStops: [d(105)] }), POSITION_ID, T0, DEFAULT_RULES)
    expect([record.state, remainingQuantity(record).toString(), record.intentConfirmed]).toEqual(["OPEN", "0.5", true])
    expect([record.plan.initialStop.toString(), record.stopTarget.toString()]).toEqual(["98", "105"])
    expect(
      placements(effects).map((r) => [r.type, r.side, r.reduceOnly, r.quantity.toString(), `${r.triggerPrice}`])
    ).toEqual([["stop", "sell", true, "0.5", "105"]])
  })
})

const venueOrder = (id: string, fields: Partial<ExchangeOrder> = {}): ExchangeOrder => ({
  orderId: ExchangeOrderId.make(id),
  clientOrderId: Option.none(),
  symbol: FuturesSymbol.make("PF_XBTUSD"),
  side: "sell",
  type: "stop",
  quantity: d(1),
  filledQuantity: d(0),
  averageFillPrice: Option.none(),
  limitPrice: Option.none(),
  triggerPrice: Option.some(d(95)),
  reduceOnly: true,
  postOnly: false,
  status: "new",
  updatedAt: T0,
  ...fields
})

describe("open-order audit", () => {
  it("tells managed, stale, foreign and orphan orders apart, and lists working orders the venue lacks", () => {
    const { record, stop, tp1 } = openLong()
    const ours = venueOrder(`ex-${stop.clientOrderId}`, { clientOrderId: Option.some(stop.clientOrderId) })
    const superseded = venueOrder("ex-old", { clientOrderId: Option.some(ClientOrderId.make("old-stop")) })
    const byHand = venueOrder("ex-hand")
    const eth = venueOrder("ex-eth", { symbol: FuturesSymbol.make("PF_ETHUSD"), type: "limit", reduceOnly: false })
    const audit = auditOrders({
      openOrders: [ours, superseded, byHand, eth],
      owners: new Map([
        [ours.orderId, POSITION_ID],
        [superseded.orderId, POSITION_ID]
      ]),
      positions: [record],
      heldSymbols: ["PF_XBTUSD"]
    })
    expect(audit.orders.map((o) => [o.order.orderId, o.verdict, o.role])).toEqual([
      [ours.orderId, "managed", "stop"],
      ["ex-old", "stale", undefined],
      ["ex-hand", "foreign", undefined],
      ["ex-eth", "orphan", undefined]
    ])
    expect(cancellable(audit).map((o) => o.order.orderId)).toEqual(["ex-old", "ex-eth"])
    expect(audit.lost.map((l) => l.role)).toEqual(["tp1", "tp2"])
    expect(audit.lost[0]?.clientOrderId).toBe(tp1.clientOrderId)
  })
})
