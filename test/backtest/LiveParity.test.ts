import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Clock, Effect, Fiber, Layer, Logger, LogLevel, Option, TestClock } from "effect"
import { runBacktest } from "../../src/backtest/BacktestDriver.ts"
import { planBacktest } from "../../src/backtest/BacktestPlan.ts"
import { AppConfig } from "../../src/config/AppConfig.ts"
import { Exchange } from "../../src/exchange/Exchange.ts"
import type { EngineState } from "../../src/exchange/sim/EngineState.ts"
import type { SimEvent } from "../../src/exchange/sim/SimEvent.ts"
import { PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { EmbeddedSimVenue } from "../../src/runtime/EmbeddedVenue.ts"
import { liveLayer } from "../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../src/runtime/LiveProgram.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { BAR_15M, FLOW_BARS, FLOW_REQUEST, flowConfig } from "./flowScenario.ts"

/**
 * Parity of `trading live` and `trading backtest`: the same synthetic market (seed, start, symbol), the same
 * configuration, one through the live program on its embedded venue (Kraken adapter over loopback WebSocket,
 * event router fiber, protection monitor, accelerated clock) and one through the backtest driver; the venues'
 * order histories must be the same, event for event. The scenario is `flowScenario.ts`'s.
 */
/** 900 market seconds per tick at speed 3600: one tick and one embedded-venue drive (250 ms) per 250 test ms. */
const SPEED = 3_600
const STEP_MS = 250
/** The venue sync polls every 200 ms, so the first tick runs at 200 test ms: 12 market minutes into a bar. */
const FIRST_TICK_MS = 200
/** Test time may run ahead of real time at most this much: the venue's heartbeats come every real second. */
const MAX_TEST_PER_REAL = 4

const config = flowConfig({ speed: SPEED, tickSeconds: BAR_15M / 1_000 })

/** What identifies one order event on the venue, in a comparable form (decimals as text). */
const orderRecord = (event: SimEvent) => {
  if (!("order" in event)) return { type: event.type, time: event.time }
  const o = event.order
  return {
    type: event.type,
    time: event.time,
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    orderType: o.type,
    size: o.size.toString(),
    limitPrice: o.limitPrice?.toString() ?? null,
    triggerPrice: o.triggerPrice?.toString() ?? null,
    reduceOnly: o.reduceOnly,
    status: o.status,
    filled: o.filled.toString(),
    cumCost: o.cumCost.toString()
  }
}

const orderHistory = (state: EngineState) => state.orderEvents.toArray().map(orderRecord)

const realPause = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

/** Polls (real time, bounded) until `done` holds. */
const until = <E, R>(what: string, done: Effect.Effect<boolean, E, R>) =>
  Effect.gen(function* () {
    for (let poll = 0; poll < 2_000; poll++) {
      if (yield* done) return
      yield* realPause(5)
    }
    return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

const backtestOrders = Effect.gen(function* () {
  const plan = yield* planBacktest(config, FLOW_REQUEST)
  return orderHistory((yield* runBacktest(plan)).venue)
}).pipe(Effect.provide(NodeContext.layer))

/**
 * The live program for one tick more than the backtest has (its first tick, 12 minutes after the start, sees the
 * same closed bars as the venue's opening), stepped on the test clock so that before every tick the embedded
 * venue has been driven to the bar's close and everything it published has reached the adapter and the event
 * router: the backtest's order of things (venue to the bar close, events routed, then the tick).
 */
const liveOrders = Effect.gen(function* () {
  const { venue } = yield* Effect.flatMap(Effect.serviceOption(EmbeddedSimVenue), Effect.orDie)
  const exchange = yield* Exchange
  const events = yield* SystemEventRepository
  const ticksDone = Effect.map(
    events.byType("tick_completed", { from: 0, to: Number.MAX_SAFE_INTEGER }),
    (rows) => rows.length
  )
  const program = yield* Effect.fork(liveProgram({ maxTicks: Option.some(FLOW_BARS + 1) }))
  // The adapter and the venue agree (positions, open orders) and nothing changes for a few polls
  const venueView = Effect.map(
    Effect.all([exchange.positions, exchange.openOrders]),
    ([positions, orders]) =>
      JSON.stringify([
        positions.map((p) => `${p.symbol} ${p.side} ${p.size}`).sort(),
        orders.map((o) => `${o.orderId} ${o.quantity} ${o.filledQuantity}`).sort()
      ]) ===
      JSON.stringify([
        Object.values(venue.state.positions)
          .filter((p) => !p.size.isZero())
          .map((p) => `${p.symbol} ${p.size.isPositive() ? "long" : "short"} ${p.size.abs()}`)
          .sort(),
        venue.state.openOrders.map((o) => `${o.orderId} ${o.size} ${o.filled}`).sort()
      ])
  )
  // No order of the registry waits for the venue's answer (the event router places and cancels concurrently)
  const registry = yield* PositionRegistry
  const noneInFlight = Effect.map(registry.active, (positions) =>
    positions.every((p) => p.orders.every((o) => o.status !== "requested" && o.status !== "cancelling"))
  )
  const settled = Effect.gen(function* () {
    let stable = 0
    let seen = -1
    yield* until(
      "the live side to catch up with the venue",
      Effect.gen(function* () {
        const count = venue.state.orderEvents.toArray().length
        const agree = (yield* noneInFlight) && (yield* Effect.orElseSucceed(venueView, () => false))
        stable = agree && count === seen ? stable + 1 : 0
        seen = count
        return stable >= 3
      })
    )
  })
  yield* until("the venue's first answers", Effect.isSuccess(exchange.account))
  yield* TestClock.adjust(FIRST_TICK_MS)
  for (let tick = 1; tick <= FLOW_BARS + 1; tick++) {
    const realStart = Date.now()
    yield* until(
      `tick ${tick}`,
      Effect.map(ticksDone, (n) => n >= tick)
    )
    if (tick === FLOW_BARS + 1) break
    const next = FIRST_TICK_MS + tick * STEP_MS
    yield* until(
      `the loop to wait for tick ${tick + 1}`,
      Effect.map(TestClock.sleeps(), (sleeps) => Chunk.some(sleeps, (at) => at === next))
    )
    // What the tick sent is answered (the backtest drains the venue's events after each tick), then the venue
    // moves to the bar's close (its drive wakes every 250 ms) and what it published reaches the live side...
    yield* settled
    yield* TestClock.adjust(tick * STEP_MS - (yield* Clock.currentTimeMillis))
    yield* settled
    const spent = Date.now() - realStart
    if (spent < STEP_MS / MAX_TEST_PER_REAL) yield* realPause(STEP_MS / MAX_TEST_PER_REAL - spent)
    // ...then the tick, 12 market minutes into the new bar (the same closed bars as at its start)
    yield* TestClock.adjust(FIRST_TICK_MS)
  }
  yield* Fiber.join(program)
  expect(yield* ticksDone).toBe(FLOW_BARS + 1)
  return orderHistory(venue.state)
}).pipe(Effect.provide(liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))))

describe("trading live and trading backtest", () => {
  it.effect(
    "send the same orders over the same candles: the venues' order histories are equal, event for event",
    () =>
      Effect.gen(function* () {
        const backtest = yield* backtestOrders
        const live = yield* liveOrders
        // The scenario of the header: an entry with its ladder, a resized and moved stop, a trailing stop's exit
        expect(backtest.filter((e) => e.type === "order_accepted").length).toBeGreaterThanOrEqual(10)
        expect(backtest.map((e) => e.type)).toEqual(expect.arrayContaining(["order_amended", "order_triggered"]))
        expect(live).toEqual(backtest)
      }).pipe(Logger.withMinimumLogLevel(LogLevel.Error)),
    120_000
  )
})
