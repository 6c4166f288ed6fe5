import { Effect, Queue, Schedule, Stream } from "effect"
import { Decimal } from "../../../../src/domain/Money.ts"
import { ClientOrderId } from "../../../../src/domain/Order.ts"
import { FuturesSymbol } from "../../../../src/domain/Symbols.ts"
import type { ExchangeEvent, ExchangeService, OrderRequest } from "../../../../src/exchange/Exchange.ts"
import { type KrakenExchangeOptions, makeKrakenExchange } from "../../../../src/exchange/kraken/KrakenExchange.ts"
import { awaitItem } from "../../../support/kraken/Await.ts"
import { type UwsScript, type UwsServer, uwsServer } from "../../../support/kraken/UwsServer.ts"

export const XBT = FuturesSymbol.make("PF_XBTUSD")

export const MARGIN = {
  portfolio_value: 10000.5,
  balance_value: 10000,
  initial_margin: 250.25,
  available_margin: 9750.25,
  pnl: 0.5
}

export const isEvent =
  <T extends ExchangeEvent["_tag"]>(tag: T) =>
  (e: ExchangeEvent): e is Extract<ExchangeEvent, { _tag: T }> =>
    e._tag === tag

export interface Harness {
  readonly exchange: ExchangeService
  readonly venue: UwsServer
  readonly market: UwsServer
  readonly events: Queue.Dequeue<ExchangeEvent>
  readonly tokens: () => number
  /** Client frames of one method received by the private venue. */
  readonly sent: (method: string) => ReadonlyArray<Record<string, unknown>>
}

/** The adapter against two loopback servers (public and private), subscribed to its events before connecting. */
export const harness = (
  script: UwsScript = {},
  orderRate = { capacity: 50, refillPerSecond: 50 },
  waitForSync = true,
  extra: Partial<KrakenExchangeOptions> = {}
) =>
  Effect.gen(function* () {
    const venue = yield* uwsServer({ heartbeatMs: 50, ...script })
    const market = yield* uwsServer({
      heartbeatMs: 50,
      instrumentPairs: [
        { symbol: "PF_XBTUSD", status: "online", price_increment: 0.5, qty_increment: 0.0001, qty_min: 0.0001 },
        { symbol: "PF_ETHUSD", status: "online", price_increment: 0.01, qty_increment: 0.001, qty_min: 0.001 }
      ]
    })
    venue.margin = MARGIN
    let tokens = 0
    const exchange = yield* makeKrakenExchange({
      publicUrl: market.url,
      privateUrl: venue.url,
      token: Effect.sync(() => `token-${++tokens}`),
      requestTimeout: "300 millis",
      pingInterval: "100 millis",
      silenceTimeout: "400 millis",
      reconnect: Schedule.spaced("50 millis"),
      orderRate,
      ...extra
    })
    const events = yield* Queue.unbounded<ExchangeEvent>()
    const stream = yield* exchange.events
    yield* Effect.forkScoped(Stream.runForEach(stream, (e) => Queue.offer(events, e)))
    if (waitForSync) yield* awaitItem(events, isEvent("Resynced"))
    const sent = (method: string) =>
      venue.received.filter((r) => r.frame.method === method).map((r) => r.frame.params as Record<string, unknown>)
    return { exchange, venue, market, events, tokens: () => tokens, sent } satisfies Harness
  })

let seq = 0
/** A fresh, valid request; override what the test is about. */
export const request = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: ClientOrderId.make(`entry-pos-${++seq}`),
  symbol: XBT,
  side: "buy",
  type: "market",
  quantity: new Decimal("0.0001"),
  reduceOnly: false,
  postOnly: false,
  ...overrides
})

/** A venue that answers `add_order` with this error string. */
export const refusing = (error: string): UwsScript => ({
  intercept: (frame) =>
    frame.method === "add_order" ? [{ method: "add_order", req_id: frame.req_id, success: false, error }] : undefined
})
