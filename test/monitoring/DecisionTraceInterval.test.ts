import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { decisionEvents, exitTrace } from "../../src/decision/DecisionEvents.ts"
import { type DecisionRejectionReason, type DecisionStage, refusal } from "../../src/decision/DecisionRejection.ts"
import { decisionSettingsFromConfig } from "../../src/decision/DecisionSettings.ts"
import { PositionId } from "../../src/domain/Position.ts"
import type { Side } from "../../src/domain/Side.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import { Exchange } from "../../src/exchange/Exchange.ts"
import * as Executor from "../../src/execution/Executor.ts"
import * as Registry from "../../src/execution/PositionRegistry.ts"
import {
  emptyTraceMemory,
  type TraceMemory,
  throttleDecisionTraces
} from "../../src/monitoring/DecisionTraceInterval.ts"
import { embeddedVenueLayer } from "../../src/runtime/EmbeddedVenue.ts"
import { awaitVenueSync } from "../../src/runtime/Startup.ts"
import { makeTradingMemory, tradingStage } from "../../src/runtime/TradingStage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { MINUTE, NOW, signal } from "../decision/DecisionFixtures.ts"
import { freshStorage, tempRegistryFile } from "../execution/SimRig.ts"

const INTERVAL = 5 * MINUTE
const HOUR_MS = 60 * MINUTE

/** One refused signal's decision_trace, as the decision records it. */
const refused = (
  symbol: string,
  at: number,
  reason: DecisionRejectionReason = "STALE_DATA",
  options: { readonly stage?: DecisionStage; readonly side?: Side } = {}
) =>
  decisionEvents(
    [],
    [],
    [refusal(signal(symbol, { side: options.side ?? "long" }), options.stage ?? "gate", reason, "")],
    at
  )

const closed = (symbol: string, at: number) =>
  exitTrace(
    {
      positionId: PositionId.make("pos-0123456789ab"),
      symbol: SpotSymbol.make(symbol),
      reason: "no_signal_close",
      auctionReason: "NO_SIGNALS"
    },
    at
  )

/** Runs ticks through the throttle in order; returns, per tick, the symbols whose trace was recorded. */
const run = (ticks: ReadonlyArray<ReadonlyArray<SystemEvent>>) => {
  let memory: TraceMemory = emptyTraceMemory
  return ticks.map((events) => {
    const result = throttleDecisionTraces(memory, events, INTERVAL)
    memory = result.memory
    return result.recorded.map((e) => `${e.symbol ?? "-"} ${String(e.details.outcome ?? e.eventType)}`)
  })
}

describe("throttleDecisionTraces (runtime.decision_trace_interval_minutes)", () => {
  it("records an unchanged refusal once per interval per symbol, and any change at once", () => {
    expect(
      run([
        [...refused("BTC/USD", NOW), ...refused("ETH/USD", NOW, "NO_MARKET", { stage: "market" })],
        [...refused("BTC/USD", NOW + MINUTE), ...refused("ETH/USD", NOW + MINUTE, "NO_MARKET", { stage: "market" })],
        // BTC's reason changes: recorded; ETH unchanged: not
        [
          ...refused("BTC/USD", NOW + 2 * MINUTE, "SHOCK_GUARD"),
          ...refused("ETH/USD", NOW + 2 * MINUTE, "NO_MARKET", { stage: "market" })
        ],
        // ETH's interval since its last record is over; BTC's (since +2 min) is not
        [
          ...refused("BTC/USD", NOW + 5 * MINUTE, "SHOCK_GUARD"),
          ...refused("ETH/USD", NOW + 5 * MINUTE, "NO_MARKET", { stage: "market" })
        ],
        // The same reason on the other side is another outcome
        refused("BTC/USD", NOW + 6 * MINUTE, "SHOCK_GUARD", { side: "short" })
      ])
    ).toEqual([
      ["BTC/USD rejected", "ETH/USD rejected"],
      [],
      ["BTC/USD rejected"],
      ["ETH/USD rejected"],
      ["BTC/USD rejected"]
    ])
  })

  it("always records actions and every other event; a market clock that went back starts afresh", () => {
    const tick = SystemEvent.make({ timestamp: NOW, eventType: "tick_completed", details: {} })
    expect(
      run([
        [closed("BTC/USD", NOW), tick],
        [closed("BTC/USD", NOW + MINUTE), tick],
        refused("BTC/USD", NOW + 2 * MINUTE),
        refused("BTC/USD", NOW + 3 * MINUTE),
        refused("BTC/USD", NOW - 10 * MINUTE)
      ])
    ).toEqual([
      ["BTC/USD close", "- tick_completed"],
      ["BTC/USD close", "- tick_completed"],
      ["BTC/USD rejected"],
      [],
      ["BTC/USD rejected"]
    ])
  })
})

const config = testConfigSync({ config: { exchange: { sim: { symbols: ["BTC/USD", "ETH/USD"] } } } })

const stageLayer = () =>
  Executor.layer().pipe(
    Layer.provideMerge(Registry.layer({ filename: tempRegistryFile() })),
    Layer.provideMerge(embeddedVenueLayer(config)),
    Layer.provideMerge(freshStorage())
  )

/** Three ticks of the trading stage refusing the same blocked signal (at 0, +1 and +6 minutes). */
const blockedTicks = (traceIntervalMs: number | undefined) =>
  Effect.gen(function* () {
    const exchange = yield* Exchange
    yield* (yield* Executor.Executor).eventRouter
    yield* awaitVenueSync
    const memory = yield* makeTradingMemory
    const settings = decisionSettingsFromConfig(config)
    for (const offset of [0, MINUTE, 6 * MINUTE]) {
      yield* tradingStage(
        {
          marketNow: NOW + offset,
          signals: [signal("BTC/USD")],
          account: yield* exchange.account,
          scannedSymbols: 2,
          entryBlock: "STALE_DATA",
          traceIntervalMs
        },
        settings,
        memory
      )
    }
    const traces = yield* (yield* SystemEventRepository).byType("decision_trace", { from: 0, to: NOW + HOUR_MS })
    return traces.map((e) => e.timestamp - NOW)
  }).pipe(Effect.scoped, Effect.provide(stageLayer()))

describe("the trading stage records decision traces at the configured interval", () => {
  it.live("a signal refused tick after tick is recorded once per interval; without an interval every tick", () =>
    Effect.gen(function* () {
      expect(yield* blockedTicks(INTERVAL)).toEqual([0, 6 * MINUTE])
      expect(yield* blockedTicks(undefined)).toEqual([0, MINUTE, 6 * MINUTE])
    })
  )
})
