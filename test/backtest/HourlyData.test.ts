import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { runBacktest } from "../../src/backtest/BacktestDriver.ts"
import { barMarket } from "../../src/backtest/BacktestMarket.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import type { SpotSymbol } from "../../src/domain/Symbols.ts"
import { memoryBars } from "../../src/exchange/sim/BarSource.ts"
import { DAY, T0, waveBars } from "./fixtures.ts"

describe("a backtest over hourly data", () => {
  it.effect(
    "the staleness watchdog watches the data's hourly bars: fresh every tick, entries never paused for stale data",
    () =>
      Effect.gen(function* () {
        const warnings: Array<string> = []
        const collect = Logger.make(({ logLevel, message }) => {
          if (LogLevel.greaterThanEqual(logLevel, LogLevel.Warning)) warnings.push(String(message))
        })
        const from = T0 + 50 * DAY
        const run = yield* runBacktest({
          config: testConfigSync(),
          market: barMarket("hourly", memoryBars("1h", { "BTC/USD": waveBars(100, 60 * 24) })),
          symbols: ["BTC/USD" as SpotSymbol],
          from,
          to: from + DAY,
          initialEquity: new Decimal(10_000),
          seed: 0
        }).pipe(Effect.provide(Logger.add(collect)), Logger.withMinimumLogLevel(LogLevel.Warning))
        expect(run.result.equityCurve).toHaveLength(24)
        // Judged in 15m bars, every tick would pause entries ("only 0% of symbols have fresh candles")
        expect(warnings.filter((w) => w.includes("stale") || w.includes("entries paused"))).toEqual([])
        // What still keeps hourly data from trading is the strategy's own need of a 15m series (docs/BACKTEST.md)
        expect(run.result.rejections.get("MISSING_DATA")).toBeGreaterThan(0)
        expect(run.result.trades).toEqual([])
      }),
    60_000
  )
})
