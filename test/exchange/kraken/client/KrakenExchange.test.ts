import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Schedule } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../../src/domain/Order.ts"
import { awaitItem } from "../../../support/kraken/Await.ts"
import { harness, isEvent, MARGIN, refusing, request, XBT } from "./KrakenExchangeSupport.ts"

describe("KrakenExchange: order entry", () => {
  it.scopedLive("K20 a market order is acknowledged and its fill arrives exactly, once", () =>
    Effect.gen(function* () {
      const h = yield* harness({ marketPrice: "61234.5" })
      const r = request()
      const placed = yield* h.exchange.placeOrder(r)
      expect(placed.clientOrderId).toBe(r.clientOrderId)
      const fill = yield* awaitItem(h.events, isEvent("FillReceived"))
      expect(fill.fill.price.toString()).toBe("61234.5")
      expect(fill.fill.quantity.toString()).toBe("0.0001")
      expect(fill.fill.clientOrderId).toBe(r.clientOrderId)
      expect(fill.fill.orderId).toBe(placed.orderId)
      expect(h.sent("add_order")[0]).toMatchObject({
        order_type: "market",
        side: "buy",
        order_qty: "0.0001",
        symbol: "PF_XBTUSD",
        asset_class: "derivatives",
        cl_ord_id: r.clientOrderId,
        reduce_only: false,
        token: "token-1"
      })
      const found = yield* h.exchange.orderByClientId(r.clientOrderId)
      expect(Option.map(found, (o) => o.status)).toEqual(Option.some("filled"))
    })
  )

  it.scopedLive("K21 a post-only limit order rests and is listed among open orders", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const r = request({ type: "limit", limitPrice: new Decimal("60000.5"), postOnly: true })
      yield* h.exchange.placeOrder(r)
      yield* awaitItem(h.events, isEvent("OrderUpdated"))
      expect(h.sent("add_order")[0]).toMatchObject({ order_type: "limit", limit_price: "60000.5", post_only: true })
      const open = yield* h.exchange.openOrders
      expect(open.map((o) => [o.clientOrderId, o.type, Option.getOrNull(o.limitPrice)?.toString()])).toEqual([
        [Option.some(r.clientOrderId), "limit", "60000.5"]
      ])
    })
  )

  it.scopedLive("K22 a reduce-only stop carries its trigger price and reference", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const r = request({
        type: "stop",
        side: "sell",
        reduceOnly: true,
        triggerPrice: new Decimal("58000.5"),
        triggerReference: "index"
      })
      yield* h.exchange.placeOrder(r)
      expect(h.sent("add_order")[0]).toMatchObject({
        order_type: "stop-loss",
        reduce_only: true,
        triggers: { reference: "index", price: "58000.5", price_type: "static" }
      })
      expect(h.sent("add_order")[0]).not.toHaveProperty("limit_price")
    })
  )

  it.scopedLive("K23 take-profit and trailing-stop map to their wire types (trailing distance as a quote offset)", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      yield* h.exchange.placeOrder(
        request({ type: "take_profit", side: "sell", reduceOnly: true, triggerPrice: new Decimal("70000") })
      )
      yield* h.exchange.placeOrder(
        request({ type: "trailing_stop", side: "sell", reduceOnly: true, triggerPrice: new Decimal("150.5") })
      )
      const [tp, trail] = h.sent("add_order")
      expect(tp).toMatchObject({ order_type: "take-profit", triggers: { price: 70000, price_type: "static" } })
      expect(trail).toMatchObject({ order_type: "trailing-stop", triggers: { price: "150.5", price_type: "quote" } })
    })
  )

  it.scopedLive("K24 a mark-price trigger or an inconsistent order is refused locally and never sent", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const mark = yield* Effect.flip(
        h.exchange.placeOrder(
          request({ type: "stop", triggerPrice: new Decimal("1"), triggerReference: "mark", reduceOnly: true })
        )
      )
      expect(mark).toMatchObject({ _tag: "OrderRejected" })
      expect(mark.message).toContain("mark")
      const noPrice = yield* Effect.flip(h.exchange.placeOrder(request({ type: "limit" })))
      expect(noPrice).toMatchObject({ _tag: "OrderRejected", reason: "a limit order needs a limit price" })
      expect(h.sent("add_order")).toHaveLength(0)
    })
  )

  it.scopedLive("K25 amend by client id changes the price in place", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const r = request({ type: "limit", limitPrice: new Decimal("60000") })
      const placed = yield* h.exchange.placeOrder(r)
      yield* h.exchange.amendOrder({ clientOrderId: r.clientOrderId }, { limitPrice: new Decimal("60100.5") })
      expect(h.sent("amend_order")[0]).toMatchObject({ cl_ord_id: r.clientOrderId, limit_price: "60100.5" })
      const amended = yield* awaitItem(
        h.events,
        (e) => isEvent("OrderUpdated")(e) && Option.getOrNull(e.order.limitPrice)?.toString() === "60100.5"
      )
      expect(amended._tag === "OrderUpdated" ? amended.order.orderId : "").toBe(placed.orderId)
    })
  )

  it.scopedLive("K26 cancel removes the order; cancelling it again is OrderNotFound", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const r = request({ type: "limit", limitPrice: new Decimal("60000") })
      const placed = yield* h.exchange.placeOrder(r)
      yield* h.exchange.cancelOrder({ orderId: placed.orderId })
      yield* awaitItem(h.events, (e) => isEvent("OrderUpdated")(e) && e.order.status === "canceled")
      expect(yield* h.exchange.openOrders).toEqual([])
      const again = yield* Effect.flip(h.exchange.cancelOrder({ clientOrderId: r.clientOrderId }))
      expect(again).toMatchObject({ _tag: "OrderNotFound", reason: "EOrder:Unknown order" })
    })
  )

  it.scopedLive("K27 cancel-all reports how many orders it cancelled", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      yield* h.exchange.placeOrder(request({ type: "limit", limitPrice: new Decimal("60000") }))
      yield* h.exchange.placeOrder(
        request({ type: "stop", triggerPrice: new Decimal("50000"), side: "sell", reduceOnly: true })
      )
      expect(yield* h.exchange.cancelAll).toBe(2)
      expect(h.venue.orders.size).toBe(0)
    })
  )

  it.scopedLive("K28 the dead man's switch is armed, refreshed and disarmed", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      yield* h.exchange.refreshDeadMansSwitch(60)
      expect(h.venue.deadMansSwitch).toBe(60)
      yield* h.exchange.refreshDeadMansSwitch(0)
      expect(h.sent("cancel_all_orders_after").map((p) => p.timeout)).toEqual([60, 0])
      expect(h.sent("cancel_all_orders_after")[0]).toMatchObject({ asset_class: "derivatives", token: "token-1" })
    })
  )
})

describe("KrakenExchange: error mapping", () => {
  const cases = [
    ["K29a", "EOrder:Insufficient funds", "InsufficientFunds"],
    ["K29b", "EOrder:Insufficient margin", "InsufficientFunds"],
    ["K29c", "EOrder:Rate limit exceeded", "RateLimited"],
    ["K29d", "EGeneral:Too many requests", "RateLimited"],
    ["K29e", "ESession:Invalid session", "AuthFailed"],
    ["K29f", "EAccount:Invalid permissions", "AuthFailed"],
    ["K29g", "EOrder:Post only order", "OrderRejected"],
    ["K29h", "EOrder:Reduce only:Position size", "OrderRejected"],
    ["K29i", "EService:Unavailable", "Transient"]
  ] as const
  for (const [id, error, tag] of cases) {
    it.scopedLive(`${id} "${error}" fails placeOrder with ${tag}`, () =>
      Effect.gen(function* () {
        const h = yield* harness(refusing(error))
        const failure = yield* Effect.flip(h.exchange.placeOrder(request()))
        expect(failure._tag).toBe(tag)
        expect(failure.message).toContain(error)
      })
    )
  }
})

describe("KrakenExchange: state and resync", () => {
  it.scopedLive(
    "K30 snapshots give positions, account and orders; before them every query fails (unknown, not empty)",
    () =>
      Effect.gen(function* () {
        const h = yield* harness(
          { intercept: (frame) => (frame.method === "subscribe" ? [] : undefined) },
          undefined,
          false
        )
        expect((yield* Effect.flip(h.exchange.positions))._tag).toBe("Transient")
        expect((yield* Effect.flip(h.exchange.openOrders))._tag).toBe("Transient")
        expect((yield* Effect.flip(h.exchange.account))._tag).toBe("Transient")
        expect((yield* Effect.flip(h.exchange.placeOrder(request())))._tag).toBe("Transient")
        expect(h.sent("add_order")).toHaveLength(0)
      })
  )

  it.scopedLive("K31 positions and account decode exactly from the snapshots", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      h.venue.positions = [{ symbol: "PF_XBTUSD", size: -0.05, entry_price: 60950.5 }]
      h.venue.dropAll()
      yield* awaitItem(h.events, isEvent("FeedLost"))
      yield* awaitItem(h.events, isEvent("Resynced"))
      const [position] = yield* h.exchange.positions
      expect(position).toMatchObject({ symbol: XBT, side: "short" })
      expect(position?.size.toString()).toBe("0.05")
      const account = yield* h.exchange.account
      expect([account.equity, account.marginUsed, account.availableMargin].map(String)).toEqual([
        String(MARGIN.portfolio_value),
        String(MARGIN.initial_margin),
        String(MARGIN.available_margin)
      ])
    })
  )

  it.scopedLive(
    "K32 heartbeat loss: FeedLost, queries unknown, then reconnect, resubscribe and reconcile from new snapshots",
    () =>
      Effect.gen(function* () {
        const h = yield* harness()
        h.venue.positions = [{ symbol: "PF_XBTUSD", size: 0.1, entry_price: 60000 }]
        h.venue.silent = true
        yield* awaitItem(h.events, isEvent("FeedLost"))
        expect((yield* Effect.flip(h.exchange.positions))._tag).toBe("Transient")
        h.venue.silent = false
        yield* awaitItem(h.events, isEvent("Resynced"))
        const positions = yield* h.exchange.positions
        expect(positions.map((p) => [p.side, p.size.toString()])).toEqual([["long", "0.1"]])
        expect(h.tokens()).toBeGreaterThanOrEqual(2)
        const channels = h.sent("subscribe").map((p) => p.channel)
        expect(channels.filter((c) => c === "executions").length).toBeGreaterThanOrEqual(2)
        expect(channels.filter((c) => c === "margin").length).toBeGreaterThanOrEqual(2)
      })
  )

  it.scopedLive(
    "K33 a submission without an answer is UnknownResult; the client-id lookup resolves it, nothing is resent",
    () =>
      Effect.gen(function* () {
        const h = yield* harness({
          // The venue takes the order and streams it, but the response is lost.
          intercept: (frame, venue) => {
            if (frame.method !== "add_order") return undefined
            const p = frame.params as Record<string, unknown>
            venue.push({
              channel: "executions",
              type: "update",
              data: [
                {
                  exec_type: "new",
                  order_id: "3f1c7a52-0d1e-4c3b-9a55-0d2b7f3c1e11",
                  cl_ord_id: p.cl_ord_id,
                  symbol: "PF_XBTUSD",
                  side: "buy",
                  order_type: "limit",
                  order_qty: 0.0001,
                  limit_price: 60000,
                  order_status: "new",
                  cum_qty: 0
                }
              ]
            })
            return []
          }
        })
        const r = request({ type: "limit", limitPrice: new Decimal("60000") })
        const failure = yield* Effect.flip(h.exchange.placeOrder(r))
        expect(failure).toMatchObject({ _tag: "UnknownResult", clientOrderId: r.clientOrderId })
        const found = yield* h.exchange.orderByClientId(r.clientOrderId)
        expect(Option.map(found, (o) => o.orderId)).toEqual(Option.some("3f1c7a52-0d1e-4c3b-9a55-0d2b7f3c1e11"))
        expect(h.sent("add_order")).toHaveLength(1)
        expect(yield* h.exchange.orderByClientId(ClientOrderId.make("never-placed"))).toEqual(Option.none())
      })
  )

  it.scopedLive("K34 order entry is rate limited locally: the request over budget is not sent", () =>
    Effect.gen(function* () {
      const h = yield* harness({}, { capacity: 3, refillPerSecond: 1 })
      for (let i = 0; i < 3; i++)
        yield* h.exchange.placeOrder(request({ type: "limit", limitPrice: new Decimal("60000") }))
      const limited = yield* Effect.flip(h.exchange.placeOrder(request()))
      expect(limited._tag).toBe("RateLimited")
      expect(limited._tag === "RateLimited" ? limited.retryAfterMs : 0).toBeGreaterThan(0)
      expect(h.sent("add_order")).toHaveLength(3)
      // Cancels are never held back by the order-entry budget.
      expect(yield* h.exchange.cancelAll).toBe(3)
    })
  )

  it.scopedLive("K35 an open order missing from the new snapshot is no longer listed after resync", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      yield* h.exchange.placeOrder(request({ type: "limit", limitPrice: new Decimal("60000") }))
      expect(yield* h.exchange.openOrders).toHaveLength(1)
      h.venue.orders.clear() // cancelled by the venue while we were away
      h.venue.dropAll()
      yield* awaitItem(h.events, isEvent("Resynced"))
      expect(yield* h.exchange.openOrders).toEqual([])
    })
  )

  it.scopedLive("K36 a margin message without a figure makes the account a decode error naming it, never zero", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      h.venue.margin = { portfolio_value: 1, balance_value: 1, initial_margin: 0, pnl: 0 }
      h.venue.dropAll()
      yield* awaitItem(h.events, isEvent("Resynced"))
      expect(yield* Effect.flip(h.exchange.account)).toMatchObject({
        _tag: "ExchangeDecodeError",
        field: "available_margin"
      })
    })
  )
})

describe("KrakenExchange: undecodable frames", () => {
  it.scopedLive("K38 an undecodable private frame drops trust and forces a resync from fresh snapshots", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      h.venue.push({ channel: "executions", type: "update", data: [{ exec_type: "bogus", order_id: "x" }] })
      const lost = yield* awaitItem(h.events, isEvent("FeedLost"))
      expect(lost.reason).toContain("executions")
      yield* awaitItem(h.events, isEvent("Resynced"))
      expect(h.venue.connections()).toBe(2)
      expect(h.tokens()).toBe(2)
    })
  )
})

// Public data arrives on its own connection: retry a little (bounded) until it is there.
const soon = Effect.retry(Schedule.spaced("10 millis").pipe(Schedule.intersect(Schedule.recurs(200))))

describe("KrakenExchange: market data", () => {
  it.scopedLive("K37 contracts come from the instrument snapshot; watched tickers decode exactly", () =>
    Effect.gen(function* () {
      const h = yield* harness()
      const contracts = yield* h.exchange.contracts.pipe(soon)
      expect(contracts.map((c) => [c.symbol, c.tickSize.toString(), c.sizeStep.toString()])).toEqual([
        ["PF_XBTUSD", "0.5", "0.0001"],
        ["PF_ETHUSD", "0.01", "0.001"]
      ])
      expect((yield* Effect.flip(h.exchange.ticker(XBT)))._tag).toBe("Transient")
      yield* h.exchange.watchTickers([XBT])
      expect(
        h.market.received.find(
          (r) => r.frame.method === "subscribe" && (r.frame.params as { channel?: string }).channel === "ticker"
        )?.frame
      ).toMatchObject({
        method: "subscribe",
        params: { channel: "ticker", symbol: ["PF_XBTUSD"] }
      })
      h.market.push({
        channel: "ticker",
        type: "snapshot",
        data: [
          { symbol: "PF_XBTUSD", bid: 61000.5, bid_qty: 1, ask: 61001, ask_qty: 2, last: 61000.7, mark_price: 61000.65 }
        ]
      })
      const ticker = yield* h.exchange.ticker(XBT).pipe(soon)
      expect(ticker.last.toString()).toBe("61000.7")
      expect(Option.map(ticker.markPrice, String)).toEqual(Option.some("61000.65"))
    })
  )
})
