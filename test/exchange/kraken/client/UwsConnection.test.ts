import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Schedule } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { AddOrder, BatchAdd, CancelAll } from "../../../../src/exchange/kraken/ws/Methods.ts"
import {
  type ConnectionEvent,
  makeUwsConnection,
  type UwsConnectionOptions
} from "../../../../src/exchange/kraken/ws/UwsConnection.ts"
import { awaitItem, eventually } from "../../../support/kraken/Await.ts"
import { type UwsScript, uwsServer } from "../../../support/kraken/UwsServer.ts"

const is =
  <T extends ConnectionEvent["_tag"]>(tag: T) =>
  (e: ConnectionEvent): e is Extract<ConnectionEvent, { _tag: T }> =>
    e._tag === tag

const options = (url: string, overrides: Partial<UwsConnectionOptions> = {}): UwsConnectionOptions => ({
  name: "test",
  url,
  token: Option.none(),
  subscriptions: () => Effect.succeed([{ channel: "instrument", asset_class: "derivatives" }]),
  requestTimeout: "300 millis",
  pingInterval: "100 millis",
  silenceTimeout: "400 millis",
  reconnect: Schedule.spaced("50 millis"),
  ...overrides
})

/** A connection whose events are subscribed before it starts connecting. */
const connect = (opts: UwsConnectionOptions) =>
  Effect.gen(function* () {
    const connection = yield* makeUwsConnection(opts)
    const events = yield* connection.events
    yield* connection.start
    return { connection, events }
  })

/** A private connection whose token effect counts tokens: token-1, token-2, ... */
const privateSetup = (script: UwsScript = {}) =>
  Effect.gen(function* () {
    const server = yield* uwsServer({ heartbeatMs: 50, ...script })
    let issued = 0
    const { connection, events } = yield* connect(
      options(server.url, {
        token: Option.some(Effect.sync(() => `token-${++issued}`)),
        subscriptions: (token) => Effect.succeed([{ channel: "executions", token, snap_orders: true }])
      })
    )
    return { server, connection, events, issued: () => issued }
  })

const order = (token: string) => ({
  order_type: "limit" as const,
  side: "buy" as const,
  order_qty: new Decimal("0.0001"),
  limit_price: new Decimal("61000.5"),
  symbol: "PF_XBTUSD",
  asset_class: "derivatives" as const,
  token
})

describe("UwsConnection", () => {
  // The snapshot may be routed before Connected is published: both carry the epoch that orders them.
  it.scopedLive("K10 connects, subscribes, reports Connected and delivers the decoded snapshot", () =>
    Effect.gen(function* () {
      const server = yield* uwsServer({
        instrumentPairs: [{ symbol: "PF_XBTUSD", price_increment: 0.5, qty_increment: 0.0001, qty_min: 0.0001 }]
      })
      const { events } = yield* connect(options(server.url))
      const snapshot = yield* awaitItem(events, is("Message"))
      expect(snapshot.epoch).toBe(1)
      expect(yield* awaitItem(events, is("Connected"))).toMatchObject({ epoch: 1 })
      expect(snapshot.message.channel).toBe("instrument")
      const pairs = snapshot.message.channel === "instrument" ? snapshot.message.data.pairs : []
      expect(pairs[0]?.qty_increment.toString()).toBe("0.0001")
      expect(server.received[0]?.frame).toMatchObject({ method: "subscribe", params: { channel: "instrument" } })
    })
  )

  it.scopedLive("K11 sends application pings on its own", () =>
    Effect.gen(function* () {
      const server = yield* uwsServer({ heartbeatMs: 50 })
      yield* connect(options(server.url))
      yield* eventually(() => server.received.filter((r) => r.frame.method === "ping").length >= 2)
    })
  )

  it.scopedLive("K12 correlates responses by req_id and encodes decimals exactly", () =>
    Effect.gen(function* () {
      const { server, connection, events } = yield* privateSetup()
      yield* awaitItem(events, is("Connected"))
      const [a, b] = yield* Effect.all(
        [
          connection.request(AddOrder, order),
          connection.request(CancelAll, (token) => ({ asset_class: "derivatives" as const, token }))
        ],
        {
          concurrency: 2
        }
      )
      expect(a.order_id).toMatch(/^[0-9a-f-]{36}$/)
      expect(b.count).toBe(1)
      const sent = server.received.find((r) => r.frame.method === "add_order")?.frame
      expect(sent).toMatchObject({ params: { order_qty: "0.0001", limit_price: "61000.5", token: "token-1" } })
    })
  )

  it.scopedLive("K13 a request without a response within the timeout fails with NoResponse (outcome unknown)", () =>
    Effect.gen(function* () {
      const { connection, events } = yield* privateSetup({
        intercept: (frame) => (frame.method === "add_order" ? [] : undefined)
      })
      yield* awaitItem(events, is("Connected"))
      const error = yield* Effect.flip(connection.request(AddOrder, order))
      expect(error._tag).toBe("NoResponse")
    })
  )

  it.scopedLive("K14 a request while disconnected is NotConnected and never sent", () =>
    Effect.gen(function* () {
      const server = yield* uwsServer({ intercept: (frame) => (frame.method === "subscribe" ? [] : undefined) })
      const { connection } = yield* connect(options(server.url, { requestTimeout: "2 seconds" }))
      const error = yield* Effect.flip(connection.request(AddOrder, order))
      expect(error._tag).toBe("NotConnected")
      expect(server.received.some((r) => r.frame.method === "add_order")).toBe(false)
    })
  )

  it.scopedLive("K15 a pending request whose connection drops fails with NoResponse, and the feed comes back", () =>
    Effect.gen(function* () {
      const { server, connection, events } = yield* privateSetup({
        intercept: (frame, venue) => {
          if (frame.method !== "add_order") return undefined
          setTimeout(() => venue.dropAll(), 20)
          return []
        }
      })
      yield* awaitItem(events, is("Connected"))
      const error = yield* Effect.flip(connection.request(AddOrder, order))
      expect(error).toMatchObject({ _tag: "NoResponse" })
      yield* awaitItem(events, is("Disconnected"))
      expect(yield* awaitItem(events, is("Connected"))).toMatchObject({ epoch: 2 })
      expect(server.connections()).toBe(2)
    })
  )

  it.scopedLive("K16 every reconnect fetches a fresh token and resubscribes with it", () =>
    Effect.gen(function* () {
      const { server, events, issued } = yield* privateSetup()
      yield* awaitItem(events, is("Connected"))
      server.dropAll()
      yield* awaitItem(events, is("Disconnected"))
      yield* awaitItem(events, is("Connected"))
      expect(issued()).toBe(2)
      const subscribes = server.received.filter((r) => r.frame.method === "subscribe")
      expect(subscribes.map((r) => [r.connection, (r.frame.params as { token: string }).token])).toEqual([
        [1, "token-1"],
        [2, "token-2"]
      ])
    })
  )

  it.scopedLive("K17 an expired token is refused; the next connection gets a new one and succeeds", () =>
    Effect.gen(function* () {
      const { events, issued } = yield* privateSetup({ acceptToken: (t) => t !== "token-1" })
      const up = yield* awaitItem(events, is("Connected"))
      expect(up.epoch).toBe(2)
      expect(issued()).toBe(2)
    })
  )

  it.scopedLive("K18 silence (no heartbeat, no pong) is detected and the feed reconnects and resubscribes", () =>
    Effect.gen(function* () {
      const { server, events } = yield* privateSetup()
      yield* awaitItem(events, is("Connected"))
      server.silent = true
      const lost = yield* awaitItem(events, is("Disconnected"))
      expect(lost.reason).toMatch(/no message for \d+ ms/)
      server.silent = false
      yield* awaitItem(events, is("Connected"))
      expect(server.received.filter((r) => r.frame.method === "subscribe").length).toBeGreaterThanOrEqual(2)
    })
  )

  it.scopedLive("K19 an order the venue refuses fails with VenueRefused carrying Kraken's error", () =>
    Effect.gen(function* () {
      const { connection, events } = yield* privateSetup({
        intercept: (frame) =>
          frame.method === "add_order"
            ? [{ method: "add_order", req_id: frame.req_id, success: false, error: "EOrder:Insufficient funds" }]
            : undefined
      })
      yield* awaitItem(events, is("Connected"))
      expect(yield* Effect.flip(connection.request(AddOrder, order))).toMatchObject({
        _tag: "VenueRefused",
        error: "EOrder:Insufficient funds"
      })
    })
  )

  it.scopedLive("K39 batch_add sends the legs in one frame and returns one ack per leg", () =>
    Effect.gen(function* () {
      const { server, connection, events } = yield* privateSetup()
      yield* awaitItem(events, is("Connected"))
      const leg = (id: string, price: string) => ({
        order_type: "limit" as const,
        side: "sell" as const,
        order_qty: new Decimal("0.0002"),
        limit_price: new Decimal(price),
        reduce_only: true,
        cl_ord_id: id
      })
      const acks = yield* connection.request(BatchAdd, (token) => ({
        asset_class: "derivatives" as const,
        symbol: "PF_XBTUSD",
        orders: [leg("tp1-pos-1", "62000.5"), leg("tp2-pos-1", "63000")],
        token
      }))
      expect(acks.map((a) => a.cl_ord_id)).toEqual(["tp1-pos-1", "tp2-pos-1"])
      expect(server.received.filter((r) => r.frame.method === "batch_add")).toHaveLength(1)
      expect(server.orders.size).toBe(2)
    })
  )
})
