import { describe, expect, it } from "@effect/vitest"
import { Random } from "../../../src/domain/Random.ts"
import {
  ordersOfSymbol,
  withOrderAdded,
  withOrderReplaced,
  withoutOrder
} from "../../../src/exchange/sim/OrderIndex.ts"
import type { SimOrder } from "../../../src/exchange/sim/SimOrder.ts"
import { d, T0 } from "./SimDriver.ts"

const SYMBOLS = ["PF_XBTUSD", "PF_ETHUSD", "PF_SOLUSD"]

const order = (n: number, symbol: string): SimOrder => ({
  orderId: `order-${n}`,
  clientOrderId: null,
  symbol,
  side: "buy",
  type: "limit",
  size: d(1),
  filled: d(0),
  cumCost: d(0),
  limitPrice: d(100 + n),
  triggerPrice: null,
  triggerReference: "last",
  trailingOffset: null,
  trailingExtreme: null,
  triggered: false,
  timeInForce: "gtc",
  postOnly: false,
  reduceOnly: false,
  status: "new",
  createdAt: T0,
  updatedAt: T0
})

describe("open order index", () => {
  it("groups each list by symbol in queue order, through any sequence of changes", () => {
    const random = new Random(5, "order-index")
    let orders: ReadonlyArray<SimOrder> = []
    for (let n = 0; n < 400; n++) {
      // Half the time the list was already grouped when it changes, half the time the change groups it first
      if (random.chance(0.5)) ordersOfSymbol(orders, "PF_XBTUSD")
      const pick = orders[random.int(0, Math.max(0, orders.length - 1))]
      const action = random.int(0, 2)
      if (action === 0 || !pick) orders = withOrderAdded(orders, order(n, SYMBOLS[random.int(0, 2)] ?? ""))
      else if (action === 1) orders = withOrderReplaced(orders, { ...pick, filled: d("0.5") })
      else orders = withoutOrder(orders, pick)
      for (const symbol of SYMBOLS) {
        expect(ordersOfSymbol(orders, symbol)).toEqual(orders.filter((open) => open.symbol === symbol))
      }
    }
  })

  it("keeps the groups of symbols a change did not touch, and never changes a list in place", () => {
    const first = withOrderAdded(withOrderAdded([], order(1, "PF_XBTUSD")), order(2, "PF_ETHUSD"))
    const ethGroup = ordersOfSymbol(first, "PF_ETHUSD")
    const second = withOrderReplaced(first, { ...order(1, "PF_XBTUSD"), filled: d("0.5") })
    expect(ordersOfSymbol(second, "PF_ETHUSD")).toBe(ethGroup)
    expect(ordersOfSymbol(second, "PF_XBTUSD")[0]?.filled.toString()).toBe("0.5")
    expect(ordersOfSymbol(first, "PF_XBTUSD")[0]?.filled.toString()).toBe("0")
    const third = withoutOrder(second, order(2, "PF_ETHUSD"))
    expect(ordersOfSymbol(third, "PF_ETHUSD")).toEqual([])
    expect(first.map((open) => open.orderId)).toEqual(["order-1", "order-2"])
  })
})
