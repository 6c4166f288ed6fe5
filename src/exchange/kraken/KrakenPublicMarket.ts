import { Clock, Effect, Option, Queue, Ref, type Scope } from "effect"
import type { FuturesSymbol } from "../../domain/Symbols.ts"
import type { MarketListingService } from "../../market/MarketListing.ts"
import { Transient } from "../ExchangeErrors.ts"
import { applyPublic, emptyPublicFeed, publicLost } from "./client/PublicFeed.ts"
import type { SubscribeParams } from "./wire/Subscribe.ts"
import { type ConnectionEvent, makeUwsConnection, type UwsConnectionOptions } from "./ws/UwsConnection.ts"

/** The public connection's URL and the connection policy it shares with the private one. */
export type KrakenPublicMarketOptions = Pick<
  UwsConnectionOptions,
  "requestTimeout" | "pingInterval" | "silenceTimeout" | "reconnect"
> & { readonly publicUrl: string }

const ASSET_CLASS = "derivatives" as const

const tickerSubscription = (symbols: ReadonlyArray<FuturesSymbol>): SubscribeParams => ({
  channel: "ticker",
  asset_class: ASSET_CLASS,
  symbol: symbols
})

/**
 * The perpetuals Kraken lists and their tickers, from the Unified WebSocket's public connection (no token): the
 * public half of the real `Exchange`, and on its own the market that paper trading on Kraken discovers from.
 */
export const makeKrakenPublicMarket = (
  options: KrakenPublicMarketOptions
): Effect.Effect<MarketListingService, never, Scope.Scope> =>
  Effect.gen(function* () {
    const feed = yield* Ref.make(emptyPublicFeed)
    const watched = yield* Ref.make<ReadonlySet<FuturesSymbol>>(new Set())
    const connection = yield* makeUwsConnection({
      ...options,
      name: "public",
      url: options.publicUrl,
      token: Option.none(),
      subscriptions: () =>
        Effect.map(
          Ref.get(watched),
          (symbols): ReadonlyArray<SubscribeParams> => [
            { channel: "instrument", asset_class: ASSET_CLASS },
            ...(symbols.size === 0 ? [] : [tickerSubscription([...symbols])])
          ]
        )
    })

    const onEvent = (event: ConnectionEvent) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        switch (event._tag) {
          case "Message":
            return yield* Ref.update(feed, (f) => applyPublic(f, event.message, now))
          case "Disconnected":
            return yield* Ref.update(feed, publicLost)
          case "Undecodable":
            return yield* Effect.logWarning(`public ${event.channel} frame undecodable: ${event.detail}`)
          case "Connected":
            return
        }
      })
    // Listen first, then connect: no event of the first connection can be missed.
    const events = yield* connection.events
    yield* Effect.forkScoped(Effect.forever(Effect.flatMap(Queue.take(events), onEvent)))
    yield* connection.start

    return {
      contracts: Effect.flatMap(Ref.get(feed), (f) =>
        f.contracts.size === 0
          ? Effect.fail(new Transient({ operation: "contracts", reason: "no instrument snapshot yet" }))
          : Effect.succeed([...f.contracts.values()])
      ),
      watchTickers: (symbols) =>
        Effect.gen(function* () {
          const known = yield* Ref.get(watched)
          const added = symbols.filter((s) => !known.has(s))
          if (added.length === 0) return
          yield* Ref.set(watched, new Set([...known, ...added]))
          yield* connection
            .subscribe(() => tickerSubscription(added))
            .pipe(
              // Not connected: the reconnect subscribes every watched symbol anyway.
              Effect.catchAll((e) =>
                e._tag === "NotConnected"
                  ? Effect.void
                  : Effect.fail(new Transient({ operation: "watchTickers", reason: e._tag }))
              )
            )
        }),
      ticker: (symbol) =>
        Effect.flatMap(Ref.get(feed), (f) =>
          Option.match(Option.fromNullable(f.tickers.get(symbol)), {
            onNone: () =>
              Effect.fail(new Transient({ operation: "ticker", reason: `no ticker for ${symbol} on this connection` })),
            onSome: Effect.succeed
          })
        )
    }
  })
