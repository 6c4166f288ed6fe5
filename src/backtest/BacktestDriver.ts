import { createHash } from "node:crypto"
import { Effect } from "effect"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { decisionSettingsFromConfig } from "../decision/DecisionSettings.ts"
import { safetyParamsFromConfig } from "../decision/SafetyCycle.ts"
import type { Decimal } from "../domain/Money.ts"
import { perpetualFor, type SpotSymbol } from "../domain/Symbols.ts"
import { timeframeMs } from "../domain/Timeframe.ts"
import { Exchange } from "../exchange/Exchange.ts"
import type { EngineState } from "../exchange/sim/EngineState.ts"
import type { SimControlService } from "../exchange/sim/inprocess/SimControl.ts"
import { makeSimExchange } from "../exchange/sim/inprocess/SimExchange.ts"
import { SimVenue } from "../exchange/sim/SimVenue.ts"
import { Executor } from "../execution/Executor.ts"
import { Reconciler } from "../execution/Reconciler.ts"
import { trailSettingsFromConfig } from "../execution/Trailing.ts"
import type { HistoryDays } from "../market/CandleSync.ts"
import { runTick, surviveTickFailure, type TickSettings } from "../runtime/Tick.ts"
import { makeTradingMemory } from "../runtime/TradingStage.ts"
import { SystemEventRepository } from "../storage/SystemEventRepository.ts"
import { strategyParamsFromConfig } from "../strategy/StrategyParamsFromConfig.ts"
import { backtestLayer } from "./BacktestLayers.ts"
import type { BacktestMarket } from "./BacktestMarket.ts"
import type { BacktestResult, EquityPoint } from "./BacktestResult.ts"
import { makeEventPump } from "./EventPump.ts"
import type { RecordedSignal } from "./LookaheadCheck.ts"
import { closedTrades, rejectionCounts, symbolCharts, venueCosts } from "./ResultAssembly.ts"
import { makeVirtualClock } from "./VirtualClock.ts"

export interface BacktestInput {
  readonly config: AppConfigShape
  readonly market: BacktestMarket
  readonly symbols: ReadonlyArray<SpotSymbol>
  /** Epoch ms; floored to a bar of the market's timeframe. The venue opens here. */
  readonly from: number
  /** Epoch ms, exclusive: the last tick runs at the close of the last bar that ends by then. */
  readonly to: number
  readonly initialEquity: Decimal
  /** Echoed in the report (the synthetic market's seed). */
  readonly seed: number
  /**
   * Keep the pipeline's Effect spans (for a span profile of a run under a custom tracer). Off by default: nothing
   * reads them in a backtest, and creating them was about a seventh of a tick.
   */
  readonly traced?: boolean
  /** Called after every tick with (ticks done, ticks in all). */
  readonly onProgress?: (done: number, total: number) => Effect.Effect<void>
}

/** One tick per bar of the market's timeframe, at each bar's close: `from + k × bar` for k = 1 … n. */
export const tickTimes = (from: number, to: number, barMs: number): ReadonlyArray<number> => {
  const start = Math.floor(from / barMs) * barMs
  const count = Math.max(0, Math.floor((to - start) / barMs))
  return Array.from({ length: count }, (_, k) => start + (k + 1) * barMs)
}

/** A short digest of the effective configuration, so two reports can be told apart by config. */
export const configDigest = (config: AppConfigShape): string =>
  createHash("sha256")
    .update(JSON.stringify(config, (_, value) => (typeof value === "bigint" ? value.toString() : value)))
    .digest("hex")
    .slice(0, 12)

/** `data.history_days_*`: the candle history the first tick loads, per timeframe. */
export const historyOf = (config: AppConfigShape): HistoryDays => ({
  "15m": config.data.history_days_15m,
  "1h": config.data.history_days_1h,
  "4h": config.data.history_days_4h,
  "1d": config.data.history_days_1d
})

/** The tick's settings as `trading live` builds them from the configuration. */
const tickSettingsOf = (config: AppConfigShape, symbols: ReadonlyArray<SpotSymbol>): TickSettings => ({
  symbols,
  history: historyOf(config),
  decision: decisionSettingsFromConfig(config),
  trail: trailSettingsFromConfig(config),
  safety: safetyParamsFromConfig(config),
  minFreshShare: config.data.min_fresh_symbols_pct
})

/** What a run gives: the report's input, the trade signals the strategy recorded, and the tick times. */
export interface BacktestRun {
  readonly result: BacktestResult
  readonly signals: ReadonlyArray<RecordedSignal>
  readonly ticks: ReadonlyArray<number>
  /** The venue at the end of the run: its order history is what the run sent (the parity test compares it). */
  readonly venue: EngineState
}

const recordedSignals = Effect.map(
  Effect.flatMap(SystemEventRepository, (events) =>
    events.byType("signal_generated", { from: 0, to: Number.MAX_SAFE_INTEGER })
  ),
  (rows) =>
    rows.flatMap(
      (row): ReadonlyArray<RecordedSignal> =>
        row.symbol === undefined ? [] : [{ symbol: row.symbol, at: row.timestamp, signal: row.details.signal }]
    )
)

/**
 * The deterministic backtest: `trading live`'s tick (`runTick`, unchanged) over the in-process simulated exchange
 * and a virtual clock. Each step moves the clock to the next bar close, walks the venue there (fills, stops,
 * funding), routes every venue event to the executor, runs the tick, routes what the tick's orders caused, and
 * records the account. Nothing runs concurrently, so the same inputs give the same orders, trades and report.
 */
export const runBacktest = (input: BacktestInput): Effect.Effect<BacktestRun> =>
  // Suspended: every run builds its own venue, clock and queue, so running the effect twice runs twice afresh
  Effect.suspend(() => {
    const { config, market, symbols } = input
    const barMs = timeframeMs[market.bars.timeframe]
    const times = tickTimes(input.from, input.to, barMs)
    const from = Math.floor(input.from / barMs) * barMs
    const to = times.at(-1) ?? from
    const clock = makeVirtualClock(from)
    const pump = makeEventPump()
    const venue = SimVenue.make({
      symbols,
      source: market.bars,
      startMs: from,
      balances: { USD: input.initialEquity.toString() }
    })

    const walk = (control: SimControlService) =>
      Effect.gen(function* () {
        const exchange = yield* Exchange
        const executor = yield* Executor
        // `startExecution` without its fibers: the driver routes events itself, and the tick checks protection
        yield* executor.recoverIntents
        yield* Effect.orDie(Effect.flatMap(Reconciler, (reconciler) => reconciler.takeover))
        yield* exchange.watchTickers(symbols.map(perpetualFor))
        const settings = tickSettingsOf(config, symbols)
        const memory = yield* makeTradingMemory
        const curve: Array<EquityPoint> = []
        for (const [index, time] of times.entries()) {
          clock.advanceTo(time)
          yield* control.advanceTo(time)
          yield* pump.drain(executor.route)
          yield* surviveTickFailure(index + 1)(runTick(index + 1, settings, memory))
          yield* pump.drain(executor.route)
          const account = yield* Effect.orDie(exchange.account)
          const positions = yield* exchange.positions
          curve.push({
            timestamp: time,
            equity: account.equity,
            marginUsed: account.marginUsed,
            openPositions: positions.length
          })
          if (input.onProgress) yield* input.onProgress(index + 1, times.length)
        }
        return curve
      })

    const collect = (curve: ReadonlyArray<EquityPoint>) =>
      Effect.gen(function* () {
        const costs = venueCosts(venue.state)
        const result: BacktestResult = {
          run: {
            symbols: [...symbols],
            from,
            to,
            seed: input.seed,
            initialEquity: input.initialEquity,
            configDigest: configDigest(config)
          },
          equityCurve: curve,
          trades: yield* closedTrades(venue.state),
          fees: costs.fees,
          funding: costs.funding,
          rejections: yield* rejectionCounts,
          charts: yield* symbolCharts(
            market.candles,
            market.bars.timeframe,
            symbols,
            { from, to },
            strategyParamsFromConfig(config)
          )
        }
        return { result, signals: yield* recordedSignals, ticks: times, venue: venue.state } satisfies BacktestRun
      })

    return Effect.gen(function* () {
      const parts = yield* makeSimExchange(venue, { onPublish: pump.push })
      const layer = backtestLayer(config, {
        exchange: parts.exchange,
        candles: market.candles,
        marketClock: clock.marketClock,
        pump,
        timeframe: market.bars.timeframe
      })
      return yield* Effect.flatMap(walk(parts.control), collect).pipe(Effect.provide(layer))
    }).pipe(Effect.scoped, Effect.orDie, Effect.withClock(clock.clock), Effect.withTracerEnabled(input.traced === true))
  })
