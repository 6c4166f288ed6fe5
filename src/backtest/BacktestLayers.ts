import { Clock, Effect, Layer, Option } from "effect"
import { AppConfig } from "../config/AppConfig.ts"
import type { AppConfigShape } from "../config/schema/AppConfigSchema.ts"
import { recordedLeverage } from "../decision/DecisionSettings.ts"
import { ApiCircuitBreaker, guardedExchange } from "../decision/GuardedExchange.ts"
import type { Timeframe } from "../domain/Timeframe.ts"
import { Exchange, type ExchangeService } from "../exchange/Exchange.ts"
import { executionLayer } from "../execution/Execution.ts"
import { Executor } from "../execution/Executor.ts"
import { CandleStore } from "../market/CandleStore.ts"
import { YieldBetweenSeries } from "../market/CandleSync.ts"
import type { MarketClock } from "../market/MarketClock.ts"
import { MarketDataSource } from "../market/MarketDataSource.ts"
import { WatchedTimeframe } from "../runtime/FeedCheck.ts"
import { SafetyStore } from "../safety/SafetyStore.ts"
import { databaseLayer } from "../storage/Database.ts"
import { RepositoriesLive } from "../storage/Storage.ts"
import { StrategyEngine } from "../strategy/StrategyEngine.ts"
import { strategyParamsFromConfig } from "../strategy/StrategyParamsFromConfig.ts"
import { DiscardingCandleRepository } from "./DiscardingCandleRepository.ts"
import type { EventPump } from "./EventPump.ts"

/** A private SQLite database in memory: a backtest never reads or writes the operator's live database. */
const MEMORY = ":memory:"

/**
 * `trading live`'s `executionLayer` (the same services, rules and recorded leverage) on an in-memory registry, its
 * executor seen through one whose per-tick `settle` first routes every venue event queued so far (the fills of the
 * orders this tick sent, say), as the live event router would have by then: the reconciler and protection check
 * after it see an up-to-date registry. The settling executor is provided over the inner one, so the tick gets it.
 */
const backtestExecution = (config: AppConfigShape, pump: EventPump) =>
  Layer.effect(
    Executor,
    Effect.map(Executor, (inner) =>
      Executor.of({ ...inner, settle: Effect.zipRight(pump.drain(inner.route), inner.settle) })
    )
  ).pipe(Layer.provideMerge(executionLayer({ registryFile: MEMORY, executor: { leverage: recordedLeverage(config) } })))

/**
 * Everything `trading live` ticks on, for a backtest: the same strategy, candle store, repositories, API circuit
 * breaker and execution services (position registry, executor, reconciler, protection), over an in-memory
 * database, the in-process simulated exchange and the virtual MarketClock. Synced candles stay in memory
 * (`DiscardingCandleRepository`), so does the safety record (`SafetyStore.memory`), and the candle sync does not
 * yield to the event loop. The staleness watchdog watches the data's own bars (`timeframe`: 15m, or coarser when
 * the files are). No dashboard, alerts or operator surfaces.
 */
export const backtestLayer = (
  config: AppConfigShape,
  parts: {
    readonly exchange: ExchangeService
    readonly candles: MarketDataSource["Type"]
    readonly marketClock: Layer.Layer<MarketClock>
    readonly pump: EventPump
    /** The timeframe of the data's bars (the finest the strategy gets). */
    readonly timeframe: Timeframe
  }
) => {
  // The discarding candle repository replaces the stored one (the outer layer's services win). The safety record
  // lives in memory: no `trading kill` from another process can reach a backtest, so its SQL row bought nothing
  const safety = Layer.unwrapEffect(Effect.map(Clock.currentTimeMillis, (now) => SafetyStore.memory({ now })))
  const storage = Layer.merge(safety, DiscardingCandleRepository).pipe(
    Layer.provideMerge(RepositoriesLive),
    Layer.provideMerge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: MEMORY }))
  )
  // Every venue call behind the API circuit breaker, as live (an in-process venue fails only by injected faults)
  const venue = Layer.merge(
    Layer.effect(
      Exchange,
      Effect.map(ApiCircuitBreaker, (breaker) => guardedExchange(parts.exchange, breaker))
    ),
    Layer.succeed(MarketDataSource, parts.candles)
  ).pipe(Layer.provideMerge(ApiCircuitBreaker.layer), Layer.provide(AppConfig.layerFrom(config)))
  return Layer.mergeAll(
    StrategyEngine.layer(strategyParamsFromConfig(config)),
    backtestExecution(config, parts.pump)
  ).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        storage,
        CandleStore.layerWith({ maxBars: config.data.max_bars_in_memory }),
        venue,
        parts.marketClock,
        // No sockets to serve between candle series: the live sync's event-loop yield is pure cost here
        Layer.succeed(YieldBetweenSeries, false),
        // Hourly files have no 15m series to be fresh: their own bars are the freshest the data can be
        Layer.succeed(WatchedTimeframe, parts.timeframe)
      )
    )
  )
}
