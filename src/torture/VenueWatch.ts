import { Clock, Effect, Option, Ref, Schedule, type Scope, Stream } from "effect"
import { Exchange, type ExchangeOrder, type ExchangePosition } from "../exchange/Exchange.ts"
import { emptyWatch, observeCoverage } from "../soak/ProtectionWatch.ts"
import { coverageOf, type RestingOrder, type SignedPosition } from "../soak/VenueTruth.ts"

/** How often the watch samples the venue's positions and stops (real time). */
const SAMPLE_EVERY = "200 millis"

export const signedOf = (p: ExchangePosition): SignedPosition => ({
  symbol: p.symbol,
  size: p.side === "long" ? p.size : p.size.negated()
})

const restingOf = (o: ExchangeOrder): RestingOrder => ({
  symbol: o.symbol,
  type: o.type,
  side: o.side,
  reduceOnly: o.reduceOnly,
  status: o.status,
  remaining: o.quantity.minus(o.filledQuantity)
})

/** What the watch saw over the whole torture. */
export interface VenueWatchReport {
  /** Longest real time any venue position had no working reduce-only stop. */
  readonly maxNakedSeconds: number
  /** Longest real time any venue position's working stops covered less than its size. */
  readonly maxUnderCoveredSeconds: number
  /** Orders the venue accepted (distinct venue order ids). */
  readonly ordersAccepted: number
  /** Client order ids the venue accepted as more than one order, with how many. */
  readonly duplicateClientOrderIds: ReadonlyArray<{ readonly id: string; readonly accepted: number }>
  readonly samples: number
}

/**
 * An observer of the venue over its own Kraken-wire connection (the `Exchange` in context), independent of the
 * process under torture and alive across its kills: every order update it is pushed records which venue orders
 * carried which client id, and every 200 ms its positions and working stops feed the soak's protection watch.
 */
export const watchVenue: Effect.Effect<Effect.Effect<VenueWatchReport>, never, Exchange | Scope.Scope> = Effect.gen(
  function* () {
    const exchange = yield* Exchange
    const venueIdsByClientId = new Map<string, Set<string>>()
    const note = (o: ExchangeOrder) => {
      if (Option.isNone(o.clientOrderId)) return
      const ids = venueIdsByClientId.get(o.clientOrderId.value) ?? new Set<string>()
      venueIdsByClientId.set(o.clientOrderId.value, ids.add(o.orderId))
    }
    const events = yield* exchange.events
    yield* Effect.forkScoped(
      Stream.runForEach(events, (e) => (e._tag === "OrderUpdated" ? Effect.sync(() => note(e.order)) : Effect.void))
    )
    const watch = yield* Ref.make(emptyWatch)
    const sample = Effect.gen(function* () {
      const [positions, orders] = yield* Effect.all([exchange.positions, exchange.openOrders])
      for (const o of orders) note(o)
      const coverage = coverageOf(positions.map(signedOf), orders.map(restingOf))
      const now = yield* Clock.currentTimeMillis
      yield* Ref.update(watch, (w) => observeCoverage(w, coverage, now))
    })
    // A sample while the observer's own feed resyncs is skipped: the next one sees the venue again
    yield* Effect.forkScoped(Effect.repeat(Effect.ignore(sample), Schedule.spaced(SAMPLE_EVERY)))
    return Effect.gen(function* () {
      yield* Effect.ignore(sample)
      const seen = yield* Ref.get(watch)
      const ids = [...venueIdsByClientId]
      return {
        maxNakedSeconds: seen.maxNakedMs / 1_000,
        maxUnderCoveredSeconds: seen.maxShortMs / 1_000,
        ordersAccepted: ids.reduce((total, [, venueIds]) => total + venueIds.size, 0),
        duplicateClientOrderIds: ids
          .filter(([, venueIds]) => venueIds.size > 1)
          .map(([id, venueIds]) => ({ id, accepted: venueIds.size })),
        samples: seen.samples
      } satisfies VenueWatchReport
    })
  }
)
