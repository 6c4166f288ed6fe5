import { Context, Effect, type Either, Layer, Option, PubSub, type Scope, Stream } from "effect"
import type { AccountState } from "../../../domain/AccountState.ts"
import { isOrderDone } from "../../../domain/Order.ts"
import { Exchange, type ExchangeEvent, type ExchangeService } from "../../Exchange.ts"
import { type ExchangeDecodeError, type OrderEntryError, Transient } from "../../ExchangeErrors.ts"
import { applyPrivate, emptyPrivateFeed, orderByClientId, type PrivateFeed } from "../../kraken/client/PrivateFeed.ts"
import { applyPublic, emptyPublicFeed } from "../../kraken/client/PublicFeed.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import type { SimVenue } from "../SimVenue.ts"
import { wireInstrument, wireTicker } from "../server/MarketMapping.ts"
import * as OrderEntry from "./OrderEntry.ts"
import { type PrivateMessage, snapshotMessages, stepMessages } from "./PrivateMessages.ts"
import { SimControl, type SimControlService } from "./SimControl.ts"

export interface SimExchangeOptions {
  /** The server's order-entry fault (`orderReject`) applied in process too; other faults are wire faults. */
  readonly faults?: FaultInjector
  /**
   * Told every batch of events synchronously, in publication order, just before it is published: a backtest
   * driver routes them without a racing subscriber fiber.
   */
  readonly onPublish?: (events: ReadonlyArray<ExchangeEvent>) => void
}

export interface SimExchangeParts {
  readonly exchange: ExchangeService
  readonly control: SimControlService
}

/** The one connection epoch of an in-process feed: it never disconnects, so it never resyncs. */
const EPOCH = 1

/**
 * The `Exchange` port on a `SimVenue` in this process, for backtests. The venue's private messages (those the
 * simulator's server would send) go through the Kraken adapter's own feed reducer, so queries, events and
 * `orderByClientId` (finished orders kept a day of market time) answer with the same domain values as the
 * adapter connected to the server. Market time moves only through `SimControl.advanceTo`; the feed's "now" is
 * the venue's market time. Steps taken on the venue by anyone else are absorbed at the next call.
 */
export const makeSimExchange = (
  venue: SimVenue,
  options: SimExchangeOptions = {}
): Effect.Effect<SimExchangeParts, never, Scope.Scope> =>
  Effect.gen(function* () {
    const hub = yield* PubSub.unbounded<ExchangeEvent>()
    // One venue step and the publication of its events at a time: subscribers see events in venue order
    const lock = yield* Effect.makeSemaphore(1)
    const pending: Array<PrivateMessage> = [...snapshotMessages(venue.state)]
    const unsubscribe = venue.subscribe((events, state) => pending.push(...stepMessages(events, state)))
    yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))
    let feed: PrivateFeed = emptyPrivateFeed
    const watched = new Set<string>()

    /** Applies what the venue said since the last call; the port events it gives, in order. */
    const absorb = (): ReadonlyArray<ExchangeEvent> => {
      const events: Array<ExchangeEvent> = []
      for (const message of pending.splice(0)) {
        const applied = applyPrivate(feed, EPOCH, message, venue.time)
        if (applied.resync !== undefined) throw new Error(`in-process feed out of step: ${applied.resync}`)
        feed = applied.feed
        events.push(...applied.events)
      }
      return events
    }

    /** Runs `step` on the venue, then publishes every event it caused before answering (with those events). */
    const publishing = <A>(step: () => A): Effect.Effect<readonly [A, ReadonlyArray<ExchangeEvent>]> =>
      lock.withPermits(1)(
        Effect.suspend(() => {
          const answer = step()
          const events = absorb()
          if (events.length > 0) options.onPublish?.(events)
          return Effect.as(PubSub.publishAll(hub, events), [answer, events] as const)
        })
      )
    const locked = <A>(step: () => A): Effect.Effect<A> => Effect.map(publishing(step), ([answer]) => answer)
    const entry = <A>(step: () => Either.Either<A, OrderEntryError>): Effect.Effect<A, OrderEntryError> =>
      Effect.flatten(locked(step))
    /** Answers from the feed once every venue step so far is applied. */
    const read = <A>(query: (feed: PrivateFeed) => A): Effect.Effect<A> =>
      Effect.map(
        publishing(() => undefined),
        () => query(feed)
      )

    // The subscription snapshots: the feed is synced before the first call
    yield* publishing(() => undefined)

    const exchange: ExchangeService = {
      contracts: Effect.sync(() => {
        const pairs = Object.values(venue.state.instruments).map(wireInstrument)
        const message = { channel: "instrument", type: "snapshot", data: { assets: [], pairs } } as const
        return [...applyPublic(emptyPublicFeed, message, venue.time).contracts.values()]
      }),
      watchTickers: (symbols) =>
        Effect.sync(() => {
          for (const symbol of symbols) watched.add(symbol)
        }),
      ticker: (symbol) =>
        Effect.suspend(() => {
          const wire = watched.has(symbol) ? wireTicker(venue.state, symbol) : undefined
          const message = { channel: "ticker", type: "snapshot", data: wire ? [wire] : [] } as const
          const ticker = applyPublic(emptyPublicFeed, message, venue.time).tickers.get(symbol)
          return ticker
            ? Effect.succeed(ticker)
            : Effect.fail(new Transient({ operation: "ticker", reason: `no ticker for ${symbol} on this connection` }))
        }),
      account: Effect.flatMap(
        read((f) => f.account),
        (account): Effect.Effect<AccountState, Transient | ExchangeDecodeError> =>
          Option.isSome(account)
            ? account.value
            : Effect.fail(new Transient({ operation: "account", reason: "no margin state yet" }))
      ),
      positions: read((f) => [...f.positions.values()]),
      openOrders: read((f) => [...f.orders.values()].filter((o) => !isOrderDone(o.status))),
      orderByClientId: (id) => read((f) => orderByClientId(f, id)),
      placeOrder: (request) => entry(() => OrderEntry.placeOrder(venue, request, options.faults)),
      amendOrder: (ref, amendment) => entry(() => OrderEntry.amendOrder(venue, ref, amendment)),
      cancelOrder: (ref) => entry(() => OrderEntry.cancelOrder(venue, ref)),
      cancelAll: locked(() => OrderEntry.cancelAll(venue)),
      refreshDeadMansSwitch: (timeoutSeconds) => locked(() => OrderEntry.cancelAllAfter(venue, timeoutSeconds)),
      events: Effect.map(PubSub.subscribe(hub), (queue) => Stream.fromQueue(queue))
    }

    const control: SimControlService = {
      venue,
      now: Effect.sync(() => venue.time),
      advanceTo: (timeMs) =>
        Effect.map(
          publishing(() => venue.advanceTo(timeMs)),
          ([, events]) => events
        )
    }
    return { exchange, control }
  })

/** `Exchange` and `SimControl` over `venue`, for a backtest (the venue's listener is removed with the layer). */
export const SimExchange = {
  make: makeSimExchange,
  layer: (venue: SimVenue, options: SimExchangeOptions = {}): Layer.Layer<Exchange | SimControl> =>
    Layer.scopedContext(
      Effect.map(makeSimExchange(venue, options), ({ exchange, control }) =>
        Context.make(Exchange, exchange).pipe(Context.add(SimControl, control))
      )
    )
}
