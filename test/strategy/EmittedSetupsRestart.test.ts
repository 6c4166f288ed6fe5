import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema, TestClock } from "effect"
import { afterAll } from "vitest"
import { type Signal, TradeSignal } from "../../src/domain/Signal.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { SystemEvent } from "../../src/domain/SystemEvent.ts"
import type { Timeframe } from "../../src/domain/Timeframe.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { MarketClock } from "../../src/market/MarketClock.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { StrategyEngine } from "../../src/strategy/StrategyEngine.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import type { Bars } from "../../src/strategy/Types.ts"
import { longScenario, type Scenario, shortScenario } from "./scenario.ts"

const dir = mkdtempSync(join(tmpdir(), "emitted-setups-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const long = longScenario()
const decision = long.decision
const lastClose = decision.openTime[decision.length - 1]! + 4 * 3_600_000
/** One second before the last 4h bar closes: the long setup is complete on the bar before and emitted there. */
const emitTime = lastClose - 1_000
const BTC = SpotSymbol.make("BTC/USD")
const ETH = SpotSymbol.make("ETH/USD")
const encodeTradeSignal = Schema.encodeSync(TradeSignal)

/** A fresh engine (as after a restart: new process, empty memory) on the SQLite file `db`. */
const engineOn = (db: string) =>
  StrategyEngine.layer(strategyParams({ higher_tf_enabled: false })).pipe(
    Layer.provideMerge(CandleStore.layer),
    Layer.provideMerge(MarketClock.live),
    Layer.provideMerge(StorageLive({ databaseUrl: Option.none(), sqlitePath: db }))
  )

const series = (bars: Bars, timeframe: Timeframe, symbol: SpotSymbol) => ({ ...bars, symbol, timeframe })

const loadScenario = (scenario: Scenario, symbol: SpotSymbol) =>
  Effect.gen(function* () {
    const store = yield* CandleStore
    const { inputs } = scenario
    yield* store.append(series(inputs.daily, "1d", symbol))
    yield* store.append(series(inputs.decision, "4h", symbol))
    yield* store.append(series(inputs.hourly, "1h", symbol))
    yield* store.append(series(inputs.m15, "15m", symbol))
  })

/** Runs one engine life on `db`: the scenarios' bars in its candle store, then `symbol` analysed at each time. */
const life = (
  db: string,
  scenarios: ReadonlyArray<readonly [Scenario, SpotSymbol]>,
  ticks: ReadonlyArray<readonly [number, SpotSymbol]>
) =>
  Effect.gen(function* () {
    for (const [scenario, symbol] of scenarios) yield* loadScenario(scenario, symbol)
    const engine = yield* StrategyEngine
    const signals: Array<Signal> = []
    for (const [time, symbol] of ticks) {
      yield* TestClock.setTime(time)
      signals.push(yield* engine.analyze(symbol))
    }
    return signals
  }).pipe(Effect.provide(engineOn(db)))

const recordedSignals = (db: string) =>
  Effect.flatMap(SystemEventRepository, (events) =>
    events.byType("signal_generated", { from: 0, to: Number.MAX_SAFE_INTEGER })
  ).pipe(Effect.provide(engineOn(db)))

const setupIdOf = (signal: Signal | undefined): string | undefined =>
  signal?._tag === "TradeSignal" ? signal.setupId : undefined

const codeOf = (signal: Signal | undefined): string | undefined =>
  signal?._tag === "NoSignal" ? signal.code : signal?._tag

describe("emitted setups across a restart", () => {
  it.effect("a setup emitted before a restart is not emitted again; another setup still is", () =>
    Effect.gen(function* () {
      const db = join(dir, "restart.sqlite")
      const [first] = yield* life(db, [[long, BTC]], [[emitTime, BTC]])
      expect(first?._tag).toBe("TradeSignal")
      const id = setupIdOf(first)
      expect(id).toMatch(/^ob\|long\|/)

      // Restart: same bars, same instant, then the next bar. ETH has the same bars but never emitted them.
      const again = yield* life(
        db,
        [
          [long, BTC],
          [long, ETH]
        ],
        [
          [emitTime, BTC],
          [lastClose, BTC],
          [emitTime, ETH]
        ]
      )
      expect(again.map(codeOf)).toEqual(["DUPLICATE_STRUCTURE", "DUPLICATE_STRUCTURE", "TradeSignal"])
      expect(again[0]?.reasoning).toContain(`setup ${id} already emitted`)
      expect(setupIdOf(again[2])).toBe(id)

      // Another restart on the mirrored bars: a short setup on BTC, a different id, is emitted.
      const [short] = yield* life(db, [[shortScenario(), BTC]], [[emitTime, BTC]])
      expect(short?._tag === "TradeSignal" && short.side).toBe("short")
      expect(setupIdOf(short)).not.toBe(id)

      const recorded = yield* recordedSignals(db)
      expect(recorded.map((e) => [e.symbol, e.details.signal])).toMatchObject([
        ["BTC/USD", { side: "long", setupId: id }],
        ["ETH/USD", { side: "long", setupId: id }],
        ["BTC/USD", { side: "short" }]
      ])
    })
  )

  it.effect("a database without the symbol's signals in the window starts empty", () =>
    Effect.gen(function* () {
      // The long signal as the first life recorded it, to plant variants of it in a second database.
      const [emitted] = yield* life(join(dir, "source.sqlite"), [[long, BTC]], [[emitTime, BTC]])
      if (emitted?._tag !== "TradeSignal") return expect.fail(`expected a TradeSignal, got ${codeOf(emitted)}`)
      const encoded = encodeTradeSignal(emitted)
      const { setupId: _, ...withoutId } = encoded
      // The window at `emitTime` (61 closed bars, lookback 50) starts at bar 9: bar 8 is outside it.
      const outsideWindow = { ...encoded, timestamp: decision.openTime[8]! }
      const event = (eventType: "signal_generated" | "decision_trace", symbol: SpotSymbol, signal: unknown) =>
        new SystemEvent({ timestamp: emitTime - 1_000, eventType, symbol, details: { signal } })

      const db = join(dir, "other-events.sqlite")
      yield* Effect.flatMap(SystemEventRepository, (events) =>
        Effect.forEach(
          [
            event("decision_trace", BTC, encoded), // not a signal row
            event("signal_generated", ETH, encoded), // another symbol
            event("signal_generated", BTC, withoutId), // no setup id
            event("signal_generated", BTC, outsideWindow) // emitted on a bar older than the window
          ],
          (e) => events.append(e)
        )
      ).pipe(Effect.provide(engineOn(db)))

      const [fresh] = yield* life(db, [[long, BTC]], [[emitTime, BTC]])
      expect(fresh?._tag).toBe("TradeSignal")
      expect(setupIdOf(fresh)).toBe(emitted.setupId)

      const [empty] = yield* life(join(dir, "empty.sqlite"), [[long, BTC]], [[emitTime, BTC]])
      expect(setupIdOf(empty)).toBe(emitted.setupId)
    })
  )

  it.effect("a signal recorded after the engine's now is not read back", () =>
    Effect.gen(function* () {
      const db = join(dir, "later.sqlite")
      // Recorded at lastClose: an analysis as of one second before (a replay of earlier ticks) has not emitted it.
      yield* life(db, [[long, BTC]], [[lastClose, BTC]])
      const [earlier] = yield* life(db, [[long, BTC]], [[emitTime, BTC]])
      expect(earlier?._tag).toBe("TradeSignal")
    })
  )
})
