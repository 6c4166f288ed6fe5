import { describe, expect, it } from "@effect/vitest"
import { Either, Option } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../../src/domain/Order.ts"
import { mapKrakenError } from "../../../../src/exchange/kraken/client/ErrorMapping.ts"
import { toAmendParams, toCancelParams, toWireOrder } from "../../../../src/exchange/kraken/client/OrderMapping.ts"
import {
  type Applied,
  applyPrivate,
  emptyPrivateFeed,
  FINISHED_ORDER_RETENTION_MS,
  feedLost,
  orderByClientId
} from "../../../../src/exchange/kraken/client/PrivateFeed.ts"
import { fullBucket, takeTokens } from "../../../../src/exchange/kraken/client/TokenBucket.ts"
import { decodeValue } from "../../../../src/exchange/kraken/wire/DecodeError.ts"
import { ChannelData } from "../../../../src/exchange/kraken/wire/Incoming.ts"
import { request } from "./KrakenExchangeSupport.ts"

describe("TokenBucket", () => {
  const limits = { capacity: 2, refillPerSecond: 0.5 }
  it("K40 spends the burst, then tells how long to wait, then refills with time", () => {
    const a = Either.getOrThrow(takeTokens(fullBucket(limits, 0), limits, 0))
    const b = Either.getOrThrow(takeTokens(a, limits, 0))
    expect(takeTokens(b, limits, 0)).toEqual(Either.left(2000))
    expect(takeTokens(b, limits, 1000)).toEqual(Either.left(1000))
    expect(Either.isRight(takeTokens(b, limits, 2000))).toBe(true)
    // Never more than the capacity, however long it was idle.
    const idle = Either.getOrThrow(takeTokens(b, limits, 1_000_000))
    expect(idle.tokens).toBe(1)
  })
})

describe("OrderMapping", () => {
  it("K41 every domain order type has its wire form", () => {
    const wire = (overrides: Parameters<typeof request>[0]) => Either.getOrThrow(toWireOrder(request(overrides)))
    expect(wire({}).order_type).toBe("market")
    expect(wire({ type: "limit", limitPrice: new Decimal(1) }).order_type).toBe("limit")
    expect(wire({ type: "stop", triggerPrice: new Decimal(1) }).order_type).toBe("stop-loss")
    expect(wire({ type: "take_profit", triggerPrice: new Decimal(1) }).order_type).toBe("take-profit")
    expect(wire({ type: "trailing_stop", triggerPrice: new Decimal(1) }).triggers?.price_type).toBe("quote")
    // A market order never carries a limit price, even if the caller passed one.
    expect(wire({ limitPrice: new Decimal(5) })).not.toHaveProperty("limit_price")
  })

  it("K42 amend and cancel name the order by exactly one id", () => {
    const id = request().clientOrderId
    expect(toAmendParams({ clientOrderId: id }, { quantity: new Decimal("0.5") })).toEqual({
      cl_ord_id: id,
      order_qty: new Decimal("0.5")
    })
    expect(toCancelParams({ clientOrderId: id })).toEqual({ cl_ord_id: [id] })
  })

  it("K43 post-only on a non-limit order and a non-positive size are refused", () => {
    expect(Either.getLeft(toWireOrder(request({ postOnly: true }))).pipe(Option.map((e) => e.reason))).toEqual(
      Option.some("only a limit order can be post-only")
    )
    expect(Either.isLeft(toWireOrder(request({ quantity: new Decimal(0) })))).toBe(true)
  })
})

describe("mapKrakenError", () => {
  it("K44 unknown order is OrderNotFound; unrecognised strings stay the venue's own refusal", () => {
    expect(mapKrakenError("cancelOrder", "EOrder:Unknown order", "stop-1")._tag).toBe("OrderNotFound")
    expect(mapKrakenError("placeOrder", "EOrder:Something new")).toMatchObject({
      _tag: "OrderRejected",
      reason: "EOrder:Something new"
    })
    expect(mapKrakenError("webSocketsToken", "EAPI:Invalid nonce")._tag).toBe("AuthFailed")
  })
})

// Test messages go through the real decoder, as the adapter's do.
const channel = (frame: unknown): ChannelData => Either.getOrThrow(decodeValue(ChannelData, "test")(frame))

describe("PrivateFeed", () => {
  const executions = (type: "snapshot" | "update", data: ReadonlyArray<Record<string, unknown>>) =>
    channel({ channel: "executions", type, data })
  const positions = channel({
    channel: "positions",
    type: "snapshot",
    data: { futures: [], options: [] }
  })
  const margin = channel({
    channel: "margin",
    type: "multi_collateral",
    data: [
      {
        portfolio_value: "1",
        balance_value: "1",
        initial_margin: "0",
        available_margin: "1",
        pnl: "0"
      }
    ]
  })
  const trade = {
    exec_type: "trade",
    order_id: "3f1c7a52-0d1e-4c3b-9a55-0d2b7f3c1e11",
    cl_ord_id: "entry-pos-1",
    symbol: "PF_XBTUSD",
    side: "buy",
    order_type: "market",
    order_qty: "1",
    order_status: "filled",
    cum_qty: "1",
    exec_id: "fill-1",
    last_qty: "1",
    last_price: "100",
    fees: [{ asset: "USD", qty: "-0.01" }]
  }

  it("K45 Resynced only once all three snapshots of the current connection arrived", () => {
    const a = applyPrivate(emptyPrivateFeed, 1, executions("snapshot", []), 0)
    const b = applyPrivate(a.feed, 1, positions, 0)
    expect(b.feed.synced).toBe(false)
    const c = applyPrivate(b.feed, 1, margin, 0)
    expect(c.events.map((e) => e._tag)).toEqual(["AccountChanged", "Resynced"])
    // A snapshot from a newer connection restarts the count.
    const d = applyPrivate(c.feed, 2, positions, 0)
    expect(d.feed.synced).toBe(false)
    expect(feedLost(c.feed, "x").events.map((e) => e._tag)).toEqual(["FeedLost"])
  })

  it("K46 a fill replayed in a new snapshot is delivered once; a rebate fee records as 0", () => {
    const first = applyPrivate(emptyPrivateFeed, 1, executions("update", [trade]), 0)
    const fills = first.events.filter((e) => e._tag === "FillReceived")
    expect(fills).toHaveLength(1)
    expect(fills[0]?._tag === "FillReceived" ? fills[0].fill.fee.toString() : "").toBe("0")
    const replay = applyPrivate(first.feed, 2, executions("snapshot", [trade]), 0)
    expect(replay.events.filter((e) => e._tag === "FillReceived")).toHaveLength(0)
  })

  it("K47 finished orders are forgotten once the venue's clock passes the retention period", () => {
    const at = (ms: number) => new Date(ms).toISOString()
    const filled = applyPrivate(emptyPrivateFeed, 1, executions("update", [{ ...trade, timestamp: at(0) }]), 0)
    const entry = ClientOrderId.make("entry-pos-1")
    expect(orderByClientId(filled.feed, entry)._tag).toBe("Some")
    const otherOrder = {
      ...trade,
      order_id: "9a1c7a52-0d1e-4c3b-9a55-0d2b7f3c1e12",
      cl_ord_id: "other",
      exec_id: "fill-2"
    }
    // Our clock far ahead, the venue's not (a simulated venue on market time): still answerable
    const soon = applyPrivate(filled.feed, 1, executions("update", [{ ...otherOrder, timestamp: at(60_000) }]), 9e12)
    expect(orderByClientId(soon.feed, entry)._tag).toBe("Some")
    const late = executions("update", [
      { ...otherOrder, exec_id: "fill-3", timestamp: at(FINISHED_ORDER_RETENTION_MS + 1) }
    ])
    expect(orderByClientId(applyPrivate(soon.feed, 1, late, 0).feed, entry)._tag).toBe("None")
  })

  it("K48 a fill for an order the feed cannot identify distrusts the feed instead of dropping the fill", () => {
    const synced = [executions("snapshot", []), positions, margin].reduce<Applied>(
      (acc, m) => applyPrivate(acc.feed, 1, m, 0),
      { feed: emptyPrivateFeed, events: [] }
    )
    const bare = { exec_type: "trade", order_id: trade.order_id, exec_id: "fill-9", last_qty: "1", last_price: "100" }
    const applied = applyPrivate(synced.feed, 1, executions("update", [bare]), 0)
    expect(applied.resync).toContain(trade.order_id)
    expect(applied.feed.synced).toBe(false)
    expect(applied.events.map((e) => e._tag)).toEqual(["FeedLost"])
  })
})
