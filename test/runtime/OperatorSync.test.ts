import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { PositionId } from "../../src/domain/Position.ts"
import { FuturesSymbol } from "../../src/domain/Symbols.ts"
import { Exchange, type ExchangePosition } from "../../src/exchange/Exchange.ts"
import { Transient } from "../../src/exchange/ExchangeErrors.ts"
import type { ManagedPosition } from "../../src/execution/ManagedPosition.ts"
import type { PositionEvent } from "../../src/execution/PositionEvent.ts"
import * as Registry from "../../src/execution/PositionRegistry.ts"
import { tradeOf } from "../../src/execution/TradeRecord.ts"
import { AlertSink } from "../../src/monitoring/AlertSink.ts"
import { makeOperatorMemory, syncOperatorView } from "../../src/runtime/OperatorSync.ts"
import { PositionRepository } from "../../src/storage/PositionRepository.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { TradeRepository } from "../../src/storage/TradeRepository.ts"
import { accepted, filled, POSITION_ID, pending, placements } from "../execution/fixtures.ts"
import { ethTrade } from "../monitoring/OperatorFixtures.ts"
import { recordingAlerts } from "../monitoring/RecordingAlerts.ts"
import { listingExchange } from "../operator/VenueOrders.ts"

const LEVERAGE = new Decimal(2)

/** The real registry and storage, alerts captured, a venue whose positions answer is set by the test. */
const rig = () => {
  const { sent, layer: alerts } = recordingAlerts()
  let venuePositions: Effect.Effect<ReadonlyArray<ExchangePosition>, Transient> = Effect.succeed([])
  const exchange = Layer.succeed(Exchange, {
    ...listingExchange([]),
    positions: Effect.suspend(() => venuePositions)
  })
  const layer = Layer.mergeAll(
    StorageLive({ databaseUrl: Option.none(), sqlitePath: ":memory:" }),
    Registry.layer({ filename: ":memory:" }),
    AlertSink.layer.pipe(Layer.provide(alerts)),
    exchange
  )
  const markAt = (mark: string) => {
    venuePositions = Effect.succeed([
      {
        symbol: FuturesSymbol.make("PF_XBTUSD"),
        side: "long",
        size: new Decimal(1),
        entryPrice: new Decimal(100),
        markPrice: Option.some(new Decimal(mark)),
        unrealizedPnl: Option.none()
      }
    ])
  }
  const venueDown = () => {
    venuePositions = Effect.fail(new Transient({ operation: "positions", reason: "connection reset" }))
  }
  /** Alert kinds sent since the last call. */
  const drain = () => sent.splice(0).map((alert) => alert.kind)
  return { layer, markAt, venueDown, drain }
}

/** Applies the event through the registry, returning the new record and the placements it asked for. */
const step = (positionId: PositionId, event: PositionEvent) =>
  Effect.flatMap(Registry.PositionRegistry, (r) => r.apply(positionId, event)).pipe(
    Effect.map((t) => ({ record: t.record, placed: placements(t.effects) })),
    Effect.orDie
  )

/** Registers a pending long of 1 at 100 (stop 95) and fills it; its stop and take-profits acknowledged. */
const openBtcLong = Effect.gen(function* () {
  const { record, entry } = pending()
  yield* Effect.orDie((yield* Registry.PositionRegistry).register({ record, effects: [] }))
  yield* step(POSITION_ID, accepted(entry))
  const fill = yield* step(POSITION_ID, filled(entry, 1, 100))
  for (const request of fill.placed) yield* step(POSITION_ID, accepted(request))
  const [stop, tp1, tp2] = fill.placed
  return { stop: stop!, tp1: tp1!, tp2: tp2! }
})

/** Records the closed position's trade, as the executor does when a position ends. */
const recordTrade = (record: ManagedPosition) => {
  const outcome = tradeOf(record, LEVERAGE)
  if (outcome._tag !== "Priced") throw new Error(`expected a priced trade: ${outcome.reason}`)
  return Effect.flatMap(TradeRepository, (trades) => trades.insert(outcome.trade))
}

const rows = Effect.flatMap(PositionRepository, (table) => table.list)

describe("syncOperatorView", () => {
  it.effect("writes each active position's view, alerts entry, stop move and take-profit, and the exit", () => {
    const { layer, markAt, drain } = rig()
    return Effect.gen(function* () {
      const memory = yield* makeOperatorMemory
      const sync = syncOperatorView(memory, LEVERAGE)

      const { record, entry } = pending()
      yield* Effect.orDie((yield* Registry.PositionRegistry).register({ record, effects: [] }))
      yield* sync
      const [waiting] = yield* rows
      expect([waiting?.state, waiting?.size.toString(), waiting?.isProtected]).toEqual(["PENDING", "0", false])
      expect(drain()).toEqual([])

      yield* step(POSITION_ID, accepted(entry))
      const fill = yield* step(POSITION_ID, filled(entry, 1, 100))
      for (const request of fill.placed) yield* step(POSITION_ID, accepted(request))
      markAt("102")
      yield* sync
      const [open] = yield* rows
      expect([open?.size.toString(), open?.currentMarkPrice?.toString(), open?.unrealizedPnl.toString()]).toEqual([
        "1",
        "102",
        "2"
      ])
      expect([open?.marginUsed.toString(), open?.stopPrice.toString(), open?.isProtected]).toEqual(["51", "95", true])
      expect(drain()).toEqual(["entry"])
      yield* sync
      expect(drain()).toEqual([])

      const [, tp1] = fill.placed
      const hit = yield* step(POSITION_ID, filled(tp1!, "0.4", 105))
      const [breakEven] = hit.placed
      yield* step(POSITION_ID, accepted(breakEven!))
      yield* sync
      const [partial] = yield* rows
      expect([partial?.state, partial?.size.toString(), partial?.stopPrice.toString()]).toEqual([
        "PARTIAL",
        "0.6",
        "100"
      ])
      expect(drain()).toEqual(["stop_moved", "take_profit_hit"])

      const stopped = yield* step(POSITION_ID, filled(breakEven!, "0.6", 100))
      expect(stopped.record.state).toBe("CLOSED")
      yield* recordTrade(stopped.record)
      yield* sync
      expect(yield* rows).toEqual([])
      expect(drain()).toEqual(["exit"])
      yield* sync
      expect(drain()).toEqual([])
    }).pipe(Effect.provide(layer))
  })

  it.effect("after a restart: no second entry alert, no old trades again, a close while away is one exit", () => {
    const { layer, markAt, drain } = rig()
    return Effect.gen(function* () {
      yield* Effect.flatMap(TradeRepository, (trades) => trades.insert(ethTrade))
      const { stop } = yield* openBtcLong
      markAt("101")
      yield* syncOperatorView(yield* makeOperatorMemory, LEVERAGE)
      expect(drain()).toEqual(["entry"])

      yield* syncOperatorView(yield* makeOperatorMemory, LEVERAGE)
      expect(drain()).toEqual([])

      const stopped = yield* step(POSITION_ID, filled(stop, 1, 95))
      yield* recordTrade(stopped.record)
      yield* syncOperatorView(yield* makeOperatorMemory, LEVERAGE)
      expect(drain()).toEqual(["exit"])
      expect(yield* rows).toEqual([])
    }).pipe(Effect.provide(layer))
  })

  it.effect("a venue that does not answer leaves the marks out; the positions are still written", () => {
    const { layer, venueDown } = rig()
    return Effect.gen(function* () {
      yield* openBtcLong
      venueDown()
      yield* syncOperatorView(yield* makeOperatorMemory, LEVERAGE)
      const [view] = yield* rows
      expect([view?.size.toString(), view?.currentMarkPrice, view?.unrealizedPnl.toString()]).toEqual([
        "1",
        undefined,
        "0"
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("never fails: a storage failure is logged and the call completes", () => {
    const { layer } = rig()
    const brokenTable = Layer.succeed(PositionRepository, {
      upsert: () => Effect.die("disk I/O error"),
      remove: () => Effect.die("disk I/O error"),
      get: () => Effect.die("disk I/O error"),
      list: Effect.die("disk I/O error")
    })
    return Effect.gen(function* () {
      yield* openBtcLong
      const outcome = yield* Effect.exit(syncOperatorView(yield* makeOperatorMemory, LEVERAGE))
      expect(outcome._tag).toBe("Success")
    }).pipe(Effect.provide(Layer.merge(layer, brokenTable)))
  })
})
