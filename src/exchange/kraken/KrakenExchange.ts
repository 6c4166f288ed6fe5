import {
  Clock,
  type Duration,
  Effect,
  Either,
  Option,
  PubSub,
  Queue,
  Ref,
  type Schedule,
  type Scope,
  Stream
} from "effect"
import type { AccountState } from "../../domain/AccountState.ts"
import { type ClientOrderId, isOrderDone } from "../../domain/Order.ts"
import type { FuturesSymbol } from "../../domain/Symbols.ts"
import type { ExchangeEvent, ExchangeService } from "../Exchange.ts"
import { type ExchangeDecodeError, type QueryError, RateLimited, Transient, UnknownResult } from "../ExchangeErrors.ts"
import { exchangeOrderIdOf, toAmendParams, toCancelParams, toWireOrder } from "./client/OrderMapping.ts"
import {
  type Applied,
  applyPrivate,
  emptyPrivateFeed,
  feedLost,
  orderByClientId,
  type PrivateFeed
} from "./client/PrivateFeed.ts"
import { orderEntryError } from "./client/RequestMapping.ts"
import { type BucketLimits, fullBucket, takeTokens } from "./client/TokenBucket.ts"
import { type ContractTerms, withTerms } from "./derivatives/ContractTerms.ts"
import { makeKrakenPublicMarket } from "./KrakenPublicMarket.ts"
import type { SubscribeParams } from "./wire/Subscribe.ts"
import { AddOrder, AmendOrder, CancelAll, CancelAllOrdersAfter, CancelOrder } from "./ws/Methods.ts"
import { type ConnectionEvent, makeUwsConnection, type UwsConnection } from "./ws/UwsConnection.ts"

export interface KrakenExchangeOptions {
  readonly publicUrl: string
  readonly privateUrl: string
  /** A fresh Unified WebSocket token (Spot REST GetWebSocketsToken), fetched for every private connection. */
  readonly token: Effect.Effect<string, QueryError>
  readonly requestTimeout: Duration.DurationInput
  readonly pingInterval: Duration.DurationInput
  readonly silenceTimeout: Duration.DurationInput
  readonly reconnect: Schedule.Schedule<unknown, unknown>
  /** Budget for order entry (place and amend); cancels are never held back by it. */
  readonly orderRate: BucketLimits
  /** Contract size and maximum leverage the Unified WebSocket lacks; without it `contracts` gives the grid only. */
  readonly contractTerms?: ((symbol: FuturesSymbol) => Effect.Effect<Option.Option<ContractTerms>>) | undefined
}

const ASSET_CLASS = "derivatives" as const

const privateSubscriptions = (token: string): ReadonlyArray<SubscribeParams> => [
  // snap_trades: fills that happened while we were away arrive with the snapshot (de-duplicated by exec id).
  { channel: "executions", token, snap_orders: true, snap_trades: true },
  { channel: "positions", asset_class: ASSET_CLASS, token },
  { channel: "margin", asset_class: ASSET_CLASS, token }
]

/** The `Exchange` port over Kraken's Unified WebSocket: one public (`KrakenPublicMarket`) and one private connection. */
export const makeKrakenExchange = (
  options: KrakenExchangeOptions
): Effect.Effect<ExchangeService, never, Scope.Scope> =>
  Effect.gen(function* () {
    const hub = yield* PubSub.unbounded<ExchangeEvent>()
    const privateFeed = yield* Ref.make<PrivateFeed>(emptyPrivateFeed)
    const bucket = yield* Ref.make(fullBucket(options.orderRate, yield* Clock.currentTimeMillis))
    const timing = {
      requestTimeout: options.requestTimeout,
      pingInterval: options.pingInterval,
      silenceTimeout: options.silenceTimeout,
      reconnect: options.reconnect
    }

    const privateConnection = yield* makeUwsConnection({
      ...timing,
      name: "private",
      url: options.privateUrl,
      token: Option.some(options.token),
      subscriptions: (token) => Effect.succeed(privateSubscriptions(token))
    })

    const publish = (applied: Applied) =>
      Effect.zipRight(Ref.set(privateFeed, applied.feed), PubSub.publishAll(hub, applied.events))

    const onPrivate = (event: ConnectionEvent) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const feed = yield* Ref.get(privateFeed)
        switch (event._tag) {
          case "Message": {
            const applied = applyPrivate(feed, event.epoch, event.message, now)
            yield* publish(applied)
            if (applied.resync === undefined) return
            yield* Effect.logError(`private feed distrusted: ${applied.resync}`)
            return yield* privateConnection.reconnect(applied.resync)
          }
          case "Disconnected":
            return yield* publish(feedLost(feed, event.reason))
          case "Undecodable":
            // A private frame we cannot read may hide a fill: resync from fresh snapshots rather than drift.
            yield* Effect.logError(`private ${event.channel} frame undecodable: ${event.detail}`)
            yield* publish(feedLost(feed, `undecodable ${event.channel} frame`))
            return yield* privateConnection.reconnect(`undecodable ${event.channel} frame`)
          case "Connected":
            return
        }
      })

    const follow = (connection: UwsConnection, handle: (e: ConnectionEvent) => Effect.Effect<void>) =>
      Effect.flatMap(connection.events, (queue) =>
        Effect.forkScoped(Effect.forever(Effect.flatMap(Queue.take(queue), handle)))
      )
    // Listen first, then connect: no event of the first connection can be missed.
    yield* follow(privateConnection, onPrivate)
    yield* privateConnection.start
    const market = yield* makeKrakenPublicMarket({ ...timing, publicUrl: options.publicUrl })

    const synced = (operation: string): Effect.Effect<PrivateFeed, Transient> =>
      Effect.flatMap(Ref.get(privateFeed), (feed) =>
        feed.synced
          ? Effect.succeed(feed)
          : Effect.fail(new Transient({ operation, reason: "private feed not synced (state unknown)" }))
      )

    const rateLimit = (operation: string) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const taken = takeTokens(yield* Ref.get(bucket), options.orderRate, now)
        if (Either.isLeft(taken))
          return yield* new RateLimited({
            operation,
            reason: "order-entry budget exhausted",
            retryAfterMs: taken.left,
            local: true
          })
        yield* Ref.set(bucket, taken.right)
      })

    const placeOrder: ExchangeService["placeOrder"] = (request) =>
      Effect.gen(function* () {
        const wire = yield* toWireOrder(request)
        yield* synced("placeOrder")
        yield* rateLimit("placeOrder")
        const ack = yield* privateConnection
          .request(AddOrder, (token) => ({ ...wire, symbol: request.symbol, asset_class: ASSET_CLASS, token }))
          .pipe(Effect.mapError(orderEntryError("placeOrder", request.clientOrderId)))
        // Acknowledged, but with an id we cannot use: the order may be live, so the outcome is unknown.
        const orderId = yield* Option.match(exchangeOrderIdOf(ack.order_id), {
          onNone: () =>
            Effect.fail(
              new UnknownResult({
                operation: "placeOrder",
                clientOrderId: request.clientOrderId,
                reason: "blank order id"
              })
            ),
          onSome: Effect.succeed
        })
        return { clientOrderId: request.clientOrderId, orderId }
      }).pipe(Effect.withSpan("KrakenExchange.placeOrder"))

    const contractTerms = options.contractTerms
    return {
      contracts: Effect.flatMap(market.contracts, (specs) =>
        Effect.forEach(specs, (spec) =>
          contractTerms === undefined
            ? Effect.succeed(spec)
            : Effect.map(contractTerms(spec.symbol), (terms) => withTerms(spec, terms))
        )
      ),
      watchTickers: market.watchTickers,
      ticker: market.ticker,
      account: Effect.flatMap(
        synced("account"),
        (feed): Effect.Effect<AccountState, Transient | ExchangeDecodeError> =>
          Option.match(feed.account, {
            onNone: () => Effect.fail(new Transient({ operation: "account", reason: "no margin state yet" })),
            onSome: (account): Effect.Effect<AccountState, ExchangeDecodeError> => account
          })
      ),
      positions: Effect.map(synced("positions"), (feed) => [...feed.positions.values()]),
      openOrders: Effect.map(synced("openOrders"), (feed) =>
        [...feed.orders.values()].filter((o) => !isOrderDone(o.status))
      ),
      orderByClientId: (id: ClientOrderId) =>
        Effect.map(synced("orderByClientId"), (feed) => orderByClientId(feed, id)),
      placeOrder,
      amendOrder: (ref, amendment) =>
        Effect.gen(function* () {
          yield* synced("amendOrder")
          yield* rateLimit("amendOrder")
          yield* privateConnection
            .request(AmendOrder, (token) => ({ ...toAmendParams(ref, amendment), asset_class: ASSET_CLASS, token }))
            .pipe(Effect.mapError(orderEntryError("amendOrder", ref.clientOrderId)))
        }).pipe(Effect.withSpan("KrakenExchange.amendOrder")),
      cancelOrder: (ref) =>
        privateConnection
          .request(CancelOrder, (token) => ({ ...toCancelParams(ref), asset_class: ASSET_CLASS, token }))
          .pipe(
            Effect.mapError(orderEntryError("cancelOrder", ref.clientOrderId)),
            Effect.asVoid,
            Effect.withSpan("KrakenExchange.cancelOrder")
          ),
      cancelAll: privateConnection
        .request(CancelAll, (token) => ({ asset_class: ASSET_CLASS, token }))
        .pipe(
          Effect.map((r) => r.count),
          Effect.mapError(orderEntryError("cancelAll")),
          Effect.withSpan("KrakenExchange.cancelAll")
        ),
      refreshDeadMansSwitch: (timeoutSeconds) =>
        privateConnection
          .request(CancelAllOrdersAfter, (token) => ({ timeout: timeoutSeconds, asset_class: ASSET_CLASS, token }))
          .pipe(Effect.mapError(orderEntryError("refreshDeadMansSwitch")), Effect.asVoid),
      events: Effect.map(PubSub.subscribe(hub), (queue) => Stream.fromQueue(queue))
    } satisfies ExchangeService
  })
