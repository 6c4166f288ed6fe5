import { isDeepStrictEqual } from "node:util"
import { Effect, Layer, Option, Schema } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { Signal } from "../domain/Signal.ts"
import type { SpotSymbol } from "../domain/Symbols.ts"
import { CandleStore } from "../market/CandleStore.ts"
import { syncCandles } from "../market/CandleSync.ts"
import { MarketDataSource } from "../market/MarketDataSource.ts"
import { StorageLive } from "../storage/Storage.ts"
import { StrategyEngine } from "../strategy/StrategyEngine.ts"
import { strategyParamsFromConfig } from "../strategy/StrategyParamsFromConfig.ts"
import { historyOf } from "./BacktestDriver.ts"
import type { BacktestMarket } from "./BacktestMarket.ts"
import { makeVirtualClock } from "./VirtualClock.ts"

/** A trade signal the run's strategy recorded (`signal_generated`), encoded as stored. */
export interface RecordedSignal {
  readonly symbol: SpotSymbol
  /** The tick (market time) it was generated at. */
  readonly at: number
  readonly signal: unknown
}

/** A signal that came out differently when its bar was the last the data held. */
export interface LookaheadDifference {
  readonly symbol: SpotSymbol
  readonly at: number
  readonly original: unknown
  /** What the strategy said on the cut data: another signal, or a no-signal. */
  readonly cut: unknown
}

export interface LookaheadReport {
  readonly checked: number
  readonly differences: ReadonlyArray<LookaheadDifference>
}

const encodeSignal = Schema.encodeSync(Signal)
const MEMORY = { databaseUrl: Option.none(), sqlitePath: ":memory:" } as const

/**
 * The strategy alone, replayed for one symbol over the run's ticks up to `at` on data cut at `at`, exactly as the
 * tick feeds it (candle sync up to the clock's now, then `analyze`): its last signal. The strategy's state per
 * symbol depends only on that symbol's candles and its own earlier analyses, so nothing else is needed.
 */
const replay = (
  config: AppConfigShape,
  market: BacktestMarket,
  times: ReadonlyArray<number>,
  symbol: SpotSymbol,
  at: number
) => {
  const clock = makeVirtualClock(times[0] ?? at)
  const layer = StrategyEngine.layer(strategyParamsFromConfig(config)).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        CandleStore.layerWith({ maxBars: config.data.max_bars_in_memory }),
        Layer.succeed(MarketDataSource, market.cutAt(at).candles),
        clock.marketClock,
        StorageLive(MEMORY)
      )
    )
  )
  return Effect.gen(function* () {
    const strategy = yield* StrategyEngine
    let last: Signal | undefined
    for (const time of times.filter((t) => t <= at)) {
      clock.advanceTo(time)
      yield* syncCandles([symbol], historyOf(config), time)
      last = yield* strategy.analyze(symbol)
    }
    return last === undefined ? null : encodeSignal(last)
  }).pipe(Effect.provide(layer), Effect.orDie, Effect.withClock(clock.clock))
}

/**
 * The lookahead check (the idea of freqtrade's lookahead analysis): every trade signal of the run is
 * re-evaluated on data cut at its bar — the strategy replayed for its symbol with nothing after that instant —
 * and compared with what the run recorded. Any difference means the run let the strategy see the future.
 */
export const lookaheadCheck = (
  config: AppConfigShape,
  market: BacktestMarket,
  times: ReadonlyArray<number>,
  signals: ReadonlyArray<RecordedSignal>
): Effect.Effect<LookaheadReport> =>
  Effect.map(
    Effect.forEach(signals, (recorded) =>
      Effect.map(replay(config, market, times, recorded.symbol, recorded.at), (cut) =>
        // Compared as JSON values, the form the run stored them in
        isDeepStrictEqual(JSON.parse(JSON.stringify(cut)), recorded.signal)
          ? []
          : [{ symbol: recorded.symbol, at: recorded.at, original: recorded.signal, cut }]
      )
    ),
    (differences) => ({ checked: signals.length, differences: differences.flat() })
  )

/** One line per signal that differed, or the all-clear. */
export const renderLookaheadReport = (report: LookaheadReport): string => {
  const head = `Lookahead check: ${report.checked} signal(s) re-evaluated on data cut at their bar, ${report.differences.length} differ`
  const lines = report.differences.map(
    (d) =>
      `  ${d.symbol} at ${new Date(d.at).toISOString()}: run ${JSON.stringify(d.original)} / cut ${JSON.stringify(d.cut)}`
  )
  return `${[head, ...lines].join("\n")}\n`
}
