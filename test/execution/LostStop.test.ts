import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Ref } from "effect"
import { ClientOrderId, ExchangeOrderId } from "../../src/domain/Order.ts"
import type { ExchangeOrder, ExchangeService } from "../../src/exchange/Exchange.ts"
import { Transient } from "../../src/exchange/ExchangeErrors.ts"
import type { SimVenue } from "../../src/exchange/sim/SimVenue.ts"
import { lostStopOutcome } from "../../src/execution/LostStop.ts"
import { ordersWithRole } from "../../src/execution/ManagedPosition.ts"
import { DEFAULT_RULES } from "../../src/execution/PositionMachine.ts"
import { ProtectionService } from "../../src/execution/ProtectionService.ts"
import { d, openLong, T0 } from "./fixtures.ts"
import { barTime, flat, laggingFeeds, scriptedSim, stopsOn } from "./InProcessRig.ts"
import { freshStorage, openedThroughExecutor, supervisedLayer, tempRegistryFile, until, XBT } from "./SimRig.ts"

const venueStop = (status: ExchangeOrder["status"], filled: string, clientOrderId: string): ExchangeOrder => ({
  orderId: ExchangeOrderId.make("venue-stop"),
  clientOrderId: Option.some(ClientOrderId.make(clientOrderId)),
  symbol: XBT,
  side: "sell",
  type: "stop",
  quantity: d(1),
  filledQuantity: d(filled),
  averageFillPrice: filled === "0" ? Option.none() : Option.some(d(95)),
  limitPrice: Option.none(),
  triggerPrice: Option.some(d(95)),
  reduceOnly: true,
  postOnly: false,
  status,
  updatedAt: T0
})

describe("a stop the venue no longer lists (pure)", () => {
  const { record } = openLong()
  const stop = ordersWithRole(record, "stop")[0]!

  it("the venue's final word decides: a triggered stop reports its fill, a cancelled one its cancel", () => {
    const filled = lostStopOutcome(
      stop,
      Option.some(venueStop("filled", "1", stop.clientOrderId)),
      d(1),
      DEFAULT_RULES,
      T0
    )
    expect(filled).toMatchObject({ _tag: "Settle", event: { _tag: "OrderClosed", status: "filled" } })
    expect(filled._tag === "Settle" && filled.event._tag === "OrderClosed" && filled.event.filledQuantity.eq(1)).toBe(
      true
    )
    const cancelled = lostStopOutcome(
      stop,
      Option.some(venueStop("canceled", "0", stop.clientOrderId)),
      undefined,
      DEFAULT_RULES,
      T0
    )
    expect(cancelled).toMatchObject({ _tag: "Settle", event: { _tag: "OrderClosed", status: "cancelled" } })
  })

  it("a stop the venue knows nothing of is lost while the venue holds the position, executed once it holds none", () => {
    expect(lostStopOutcome(stop, Option.none(), d(1), DEFAULT_RULES, T0)).toMatchObject({
      _tag: "Settle",
      event: { _tag: "OrderClosed", status: "cancelled", clientOrderId: stop.clientOrderId }
    })
    expect(lostStopOutcome(stop, Option.none(), undefined, DEFAULT_RULES, T0)).toEqual({ _tag: "Executed" })
    expect(lostStopOutcome(stop, Option.none(), d("0.00005"), DEFAULT_RULES, T0)).toEqual({ _tag: "Executed" })
  })
})

// 50 000 for an hour, then a bar falling through the long's stop (2 % below entry, 49 000), then flat.
const FALLING = [...flat(50_000, 4), [50_000, 50_000, 48_500, 48_600] as const, ...flat(48_600, 8)]

/**
 * A long opened through the executor, its private feeds then lagging behind the venue (they saw the position), and
 * its stop cancelled by hand on the venue: the record still says the stop works.
 */
const stopCancelledByHand = (
  venue: SimVenue,
  real: ExchangeService,
  exchange: ExchangeService,
  lag: Effect.Effect<void>
) =>
  Effect.gen(function* () {
    const opened = yield* openedThroughExecutor(venue)
    yield* until(Effect.map(stopsOn(real), (stops) => stops.length === 1))
    yield* exchange.positions
    yield* lag
    const [byHand] = yield* stopsOn(real)
    yield* real.cancelOrder({ orderId: byHand!.orderId })
    return { ...opened, byHand: byHand! }
  })

describe("protection against the in-process simulator, its feeds lagging", () => {
  it.scopedLive("a stop that triggered while the monitor runs closes the position; no stop is placed again", () =>
    Effect.gen(function* () {
      const { venue, exchange: real, control } = yield* scriptedSim(FALLING)
      const { exchange, lag } = yield* laggingFeeds(real)
      yield* Effect.gen(function* () {
        const { registry, input } = yield* openedThroughExecutor(venue)
        yield* until(Effect.map(stopsOn(real), (stops) => stops.length === 1))
        expect((yield* exchange.positions).length).toBe(1)
        yield* lag
        yield* control.advanceTo(barTime(5))
        expect(yield* stopsOn(real)).toEqual([])
        expect(yield* real.positions).toEqual([])
        // The position channel still says "held", the stop is gone: it triggered, it was not cancelled.
        expect((yield* (yield* ProtectionService).check).actions).toEqual([])
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect([record.state, record.exitReason]).toEqual(["CLOSED", "stop_loss"])
        expect(record.exitFills.map((f) => f.quantity.toString())).toEqual(["0.01"])
        expect(yield* stopsOn(real)).toEqual([])
        const stopsAccepted = venue.state.orderEvents
          .toArray()
          .filter((e) => e.type === "order_accepted" && e.order.type === "stop")
        expect(stopsAccepted.length).toBe(1)
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )

  it.scopedLive(
    "a lost stop the venue cannot answer for waits for the next pass, then is re-placed: unknown is not cancelled",
    () =>
      Effect.gen(function* () {
        const { venue, exchange: real } = yield* scriptedSim(FALLING)
        const { exchange: lagging, lag } = yield* laggingFeeds(real)
        // Once blind: order lookups find nothing, and positions answer once more (the check's snapshot) only
        const reads = yield* Ref.make<number | undefined>(undefined)
        const exchange: ExchangeService = {
          ...lagging,
          orderByClientId: (id) =>
            Effect.flatMap(Ref.get(reads), (n) => (n === undefined ? lagging.orderByClientId(id) : Effect.succeedNone)),
          positions: Effect.flatMap(
            Ref.getAndUpdate(reads, (n) => (n === undefined ? n : n + 1)),
            (n) =>
              n === undefined || n === 0
                ? lagging.positions
                : Effect.fail(new Transient({ operation: "positions", reason: "private feed not synced" }))
          )
        }
        yield* Effect.gen(function* () {
          const { registry, input, byHand } = yield* stopCancelledByHand(venue, real, exchange, lag)
          const protection = yield* ProtectionService
          yield* Ref.set(reads, 0)
          // The check stands (other positions are still checked); this one waits, its record untouched
          expect((yield* protection.check).actions).toEqual([])
          expect(yield* stopsOn(real)).toEqual([])
          const untouched = Option.getOrThrow(yield* registry.get(input.positionId))
          expect(ordersWithRole(untouched, "stop").map((o) => o.status)).toEqual(["working"])
          // The venue answers again: a stop it no longer lists while it holds the position is re-placed
          yield* Ref.set(reads, undefined)
          expect((yield* protection.check).actions).toEqual([{ positionId: input.positionId, action: "replace" }])
          const [replaced, ...others] = yield* stopsOn(real)
          expect(others).toEqual([])
          expect(replaced!.orderId).not.toBe(byHand.orderId)
        }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
      })
  )

  it.scopedLive("a stop cancelled by hand is re-placed at once", () =>
    Effect.gen(function* () {
      const { venue, exchange: real } = yield* scriptedSim(FALLING)
      const { exchange, lag } = yield* laggingFeeds(real)
      yield* Effect.gen(function* () {
        const { registry, input, byHand } = yield* stopCancelledByHand(venue, real, exchange, lag)
        const protection = yield* ProtectionService
        expect((yield* protection.check).actions).toEqual([{ positionId: input.positionId, action: "replace" }])
        const [replaced, ...others] = yield* stopsOn(real)
        expect(others).toEqual([])
        expect(replaced!.orderId).not.toBe(byHand.orderId)
        expect(replaced!.quantity.toString()).toBe("0.01")
        const record = Option.getOrThrow(yield* registry.get(input.positionId))
        expect(ordersWithRole(record, "stop").map((o) => o.status)).toEqual(["cancelled", "working"])
        expect(record.state).toBe("OPEN")
        expect((yield* protection.check).actions).toEqual([])
      }).pipe(Effect.provide(supervisedLayer(exchange, tempRegistryFile(), freshStorage())))
    })
  )
})
