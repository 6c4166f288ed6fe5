import { existsSync } from "node:fs"
import { NodeContext } from "@effect/platform-node"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel, Option } from "effect"
import { type BacktestInput, type BacktestRun, runBacktest, tickTimes } from "../../src/backtest/BacktestDriver.ts"
import { type BacktestRequest, planBacktest } from "../../src/backtest/BacktestPlan.ts"
import { finalEquity, sumDecimals } from "../../src/backtest/BacktestResult.ts"
import { renderJsonReport } from "../../src/backtest/JsonReport.ts"
import { lookaheadCheck } from "../../src/backtest/LookaheadCheck.ts"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import { recordedLeverage } from "../../src/decision/DecisionSettings.ts"
import { readCandleFile } from "../../src/market/CandleCsv.ts"

const BAR_15M = 15 * 60_000
const HOUR = 3_600_000

/** Seed 1's synthetic ETH/USD: a long entered 2025-01-04 20:00 that its (moved) stop closes the next afternoon. */
const TRADING_SPAN: BacktestRequest = {
  data: "synthetic",
  symbols: Option.some(["ETH/USD"]),
  from: Option.some(Date.UTC(2025, 0, 4, 12)),
  to: Option.some(Date.UTC(2025, 0, 5, 18)),
  equity: Option.none(),
  seed: Option.some(1)
}

const quietly = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Logger.withMinimumLogLevel(LogLevel.Error), Effect.provide(NodeContext.layer))

const backtest = (request: BacktestRequest) =>
  quietly(Effect.flatMap(planBacktest(testConfigSync(), request), (plan) => runBacktest(plan))).pipe(
    Effect.map((run) => run.result)
  )

describe("tickTimes", () => {
  it("ticks at every bar close after `from`, up to `to`", () => {
    expect(tickTimes(0, 4 * BAR_15M, BAR_15M)).toEqual([1, 2, 3, 4].map((k) => k * BAR_15M))
    // A start inside a bar begins at that bar; a partial last bar is not walked
    expect(tickTimes(BAR_15M + 5, 3 * BAR_15M + 7, BAR_15M)).toEqual([2 * BAR_15M, 3 * BAR_15M])
  })
})

describe("runBacktest over the synthetic market", () => {
  // One run of TRADING_SPAN, with its plan, that the tests below only read (a run takes seconds)
  let shared: { readonly plan: BacktestInput; readonly run: BacktestRun }
  beforeAll(async () => {
    shared = await Effect.runPromise(
      quietly(
        Effect.gen(function* () {
          const plan = yield* planBacktest(testConfigSync(), TRADING_SPAN)
          return { plan, run: yield* runBacktest(plan) }
        })
      )
    )
  }, 60_000)

  it("opens and closes a position through the live pipeline, one equity point per 15m tick", () => {
    const { result } = shared.run
    const from = Date.UTC(2025, 0, 4, 12)
    expect(result.equityCurve.map((p) => p.timestamp)).toEqual(
      Array.from({ length: 120 }, (_, k) => from + (k + 1) * BAR_15M)
    )
    expect(Math.max(...result.equityCurve.map((p) => p.openPositions))).toBeGreaterThanOrEqual(1)
    expect(result.trades.length).toBeGreaterThanOrEqual(1)
    for (const { trade, stopAtEntry } of result.trades) {
      expect(trade.enteredAt).toBeGreaterThanOrEqual(from)
      expect(trade.exitedAt).toBeGreaterThan(trade.enteredAt)
      expect(trade.exitedAt).toBeLessThanOrEqual(result.run.to)
      // The stop the position was opened with lies on the losing side of the entry
      expect(trade.side === "long" ? stopAtEntry.lt(trade.entryPrice) : stopAtEntry.gt(trade.entryPrice)).toBe(true)
      // Recorded with the leverage `trading live` records (not the executor's default of 1)
      expect(trade.leverage.toString()).toBe(recordedLeverage(shared.plan.config).toString())
    }
    expect(recordedLeverage(shared.plan.config).gt(1)).toBe(true)
    expect(result.fees.gt(0)).toBe(true)
    // Flat at the end: the equity is the start plus every trade's net, less the funding the venue booked
    expect(result.equityCurve.at(-1)?.openPositions).toBe(0)
    const expected = result.run.initialEquity
      .plus(sumDecimals(result.trades.map((t) => t.trade.netPnl)))
      .minus(result.funding.minus(sumDecimals(result.trades.map((t) => t.trade.funding))))
    expect(finalEquity(result).minus(expected).abs().lt("0.000001")).toBe(true)
    expect(result.charts.map((c) => c.symbol)).toEqual(["ETH/USD"])
    expect(result.rejections.size).toBeGreaterThan(0)
  })

  it.effect(
    "is deterministic: two runs of the same inputs write byte-identical JSON",
    () =>
      Effect.gen(function* () {
        // The shared run is the first; a second, fresh run from its own plan must write the same bytes
        const first = renderJsonReport(shared.run.result)
        const second = renderJsonReport(yield* backtest(TRADING_SPAN))
        expect(second).toBe(first)
        expect(JSON.parse(first).trades.length).toBeGreaterThanOrEqual(1)
      }),
    60_000
  )

  it.effect(
    "passes the lookahead check: every signal comes out the same on data cut at its bar",
    () =>
      quietly(
        Effect.gen(function* () {
          const { plan, run } = shared
          expect(run.signals.length).toBeGreaterThanOrEqual(1)
          const report = yield* lookaheadCheck(plan.config, plan.market, run.ticks, run.signals)
          expect(report).toEqual({ checked: run.signals.length, differences: [] })
        })
      ),
    60_000
  )

  it.effect("refuses a span that starts before the synthetic market's history", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        planBacktest(testConfigSync(), { ...TRADING_SPAN, from: Option.some(Date.UTC(2023, 0, 1)) })
      )
      expect(error.message).toContain("--from")
      expect(error.message).toContain("2025-01-01T00:00:00.000Z")
    }).pipe(Effect.provide(NodeContext.layer))
  )
})

const KRAKEN_DIR = "../shared/data/kraken"
const BINANCE_DIR = "../shared/data/binance"
const noData = (dir: string) =>
  `candle directory ${dir} not found: skipping this real-data backtest (see ../shared/data/README.md)`

describe("runBacktest over candle files", () => {
  if (!existsSync(KRAKEN_DIR)) it.skip(noData(KRAKEN_DIR), () => {})
  else
    it.effect(
      "walks Kraken's hourly BTC and ETH candles, one tick per bar, charting the file's own prices",
      () =>
        Effect.gen(function* () {
          const from = Date.UTC(2020, 8, 25)
          const to = Date.UTC(2020, 8, 30)
          const result = yield* backtest({
            data: KRAKEN_DIR,
            symbols: Option.none(),
            from: Option.some(from),
            to: Option.some(to),
            equity: Option.some(5_000),
            seed: Option.none()
          })
          expect(result.run.symbols).toEqual(["BTC/USD", "ETH/USD"])
          expect(result.equityCurve).toHaveLength(5 * 24)
          expect(result.equityCurve.at(-1)?.timestamp).toBe(to)
          const file = yield* readCandleFile(`${KRAKEN_DIR}/XBTUSD_60.norm.csv`, { symbol: "BTC/USD", timeframe: "1h" })
          const chart = result.charts.find((c) => c.symbol === "BTC/USD")
          const index = file.openTime.indexOf(from)
          expect(chart?.candles.openTime[0]).toBe(from)
          expect(chart?.candles.close[0]).toBe(file.close[index])
          const inSpan = file.openTime.subarray(0, file.length).filter((t) => t >= from && t < to)
          expect(chart?.candles.length).toBe(inSpan.length)
          // Hourly files have no 15m candles, which the strategy needs: no signal, no entry
          expect(result.rejections.get("MISSING_DATA")).toBeGreaterThan(0)
          expect(result.trades).toEqual([])
          expect(result.equityCurve.every((p) => p.equity.eq(5_000))).toBe(true)
        }).pipe(Effect.provide(NodeContext.layer)),
      60_000
    )

  if (!existsSync(BINANCE_DIR)) it.skip(noData(BINANCE_DIR), () => {})
  else
    it.effect(
      "reads freqtrade's file naming and walks the finest files it finds: SOL/USDT on 15m bars",
      () =>
        Effect.gen(function* () {
          const from = Date.UTC(2022, 5, 1)
          const result = yield* backtest({
            data: BINANCE_DIR,
            symbols: Option.none(),
            from: Option.some(from),
            to: Option.some(from + 12 * HOUR),
            equity: Option.none(),
            seed: Option.none()
          })
          expect(result.run.symbols).toEqual(["SOL/USDT"])
          expect(result.equityCurve.map((p) => p.timestamp)).toEqual(
            Array.from({ length: 48 }, (_, k) => from + (k + 1) * BAR_15M)
          )
          // The chart's hourly bars are the file's 15m bars resampled
          const file = yield* readCandleFile(`${BINANCE_DIR}/SOL_USDT-15m.norm.csv`, {
            symbol: "SOL/USDT",
            timeframe: "15m"
          })
          const first = file.openTime.indexOf(from)
          const chart = result.charts[0]
          expect(chart?.candles.timeframe).toBe("1h")
          expect(chart?.candles.openTime[0]).toBe(from)
          expect(chart?.candles.close[0]).toBe(file.close[first + 3])
          expect(chart?.candles.high[0]).toBe(Math.max(...file.high.subarray(first, first + 4)))
        }).pipe(Effect.provide(NodeContext.layer)),
      60_000
    )
})
