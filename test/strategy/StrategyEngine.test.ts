import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import type { Timeframe } from "../../src/domain/Timeframe.ts"
import { CandleStore } from "../../src/market/CandleStore.ts"
import { MarketClock } from "../../src/market/MarketClock.ts"
import { StorageLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { StrategyEngine } from "../../src/strategy/StrategyEngine.ts"
import { strategyParams } from "../../src/strategy/StrategyParams.ts"
import type { Bars } from "../../src/strategy/Types.ts"
import { longScenario } from "./scenario.ts"

const scenario = longScenario()
const series = (bars: Bars, timeframe: Timeframe): CandleSeries => ({ ...bars, symbol: "BTC/USD", timeframe })
const lastClose = scenario.decision.openTime[scenario.decision.length - 1]! + 4 * 3_600_000

const layer = StrategyEngine.layer(strategyParams({ higher_tf_enabled: false })).pipe(
  Layer.provideMerge(CandleStore.layer),
  Layer.provideMerge(MarketClock.live),
  Layer.provideMerge(StorageLive({ databaseUrl: Option.none(), sqlitePath: ":memory:" }))
)

describe("StrategyEngine", () => {
  it.layer(layer)((it) => {
    it.effect("reads closed bars, signals once, then traces the duplicate once", () =>
      Effect.gen(function* () {
        const store = yield* CandleStore
        const { inputs } = scenario
        yield* store.append(series(inputs.daily, "1d"))
        yield* store.append(series(inputs.decision, "4h"))
        yield* store.append(series(inputs.hourly, "1h"))
        yield* store.append(series(inputs.m15, "15m"))
        const engine = yield* StrategyEngine
        const events = yield* SystemEventRepository

        // One second before the last 4h bar closes, that bar is not part of the analysis: the setup is
        // already complete one bar earlier and is emitted there.
        yield* TestClock.setTime(lastClose - 1_000)
        const first = yield* engine.analyze(inputs.symbol)
        expect(first._tag).toBe("TradeSignal")
        expect(first.timestamp).toBe(scenario.decision.openTime[scenario.decision.length - 2])

        // The next bar: same order block, so the same setup: not emitted again, traced once.
        yield* TestClock.setTime(lastClose)
        const second = yield* engine.analyze(inputs.symbol)
        expect(second._tag === "NoSignal" && second.code).toBe("DUPLICATE_STRUCTURE")
        expect(second.timestamp).toBe(scenario.decision.openTime[scenario.decision.length - 1])
        yield* engine.analyze(inputs.symbol)

        const range = { from: 0, to: lastClose + 1 }
        const signals = yield* events.byType("signal_generated", range)
        expect(signals.map((e) => e.symbol)).toEqual(["BTC/USD"])
        expect(signals[0]?.details.signal).toMatchObject({ _tag: "TradeSignal", side: "long", entryPrice: "167" })
        const traces = yield* events.byType("decision_trace", range)
        expect(traces.map((e) => e.details.signal)).toMatchObject([{ _tag: "NoSignal", code: "DUPLICATE_STRUCTURE" }])
      })
    )
  })
})
