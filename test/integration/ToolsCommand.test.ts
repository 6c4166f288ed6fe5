import { it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"
import { withStorage } from "../../src/cli/DataCommand.ts"
import { barOpenTime, type Timeframe } from "../../src/domain/Timeframe.ts"
import { CandleRepository } from "../../src/storage/CandleRepository.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { candle, event } from "../storage/fixtures.ts"
import { startCli, writeTestConfig } from "./cliProcess.ts"

const DAY = 86_400_000

const runCli = (args: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const run = startCli(args)
    const code = await run.exited
    return { code, output: run.output() }
  })

/** What the database of `config` holds: open times per candle timeframe, event timestamps per type. */
const snapshot = (config: string) =>
  withStorage(
    config,
    Effect.gen(function* () {
      const candles = yield* CandleRepository
      const events = yield* SystemEventRepository
      const all = { from: 0, to: Number.MAX_SAFE_INTEGER }
      const times = (tf: Timeframe) => Effect.map(candles.range("BTC/USD", tf, all), (cs) => cs.map((c) => c.openTime))
      return {
        "15m": yield* times("15m"),
        "1h": yield* times("1h"),
        "4h": yield* times("4h"),
        "1d": yield* times("1d"),
        traces: (yield* events.byType("decision_trace", all)).map((e) => e.timestamp),
        signals: (yield* events.byType("signal_generated", all)).map((e) => e.timestamp),
        errors: (yield* events.byType("error", all)).map((e) => e.timestamp)
      }
    })
  )

describe("trading tools", () => {
  // The CLI children use the private SQLite file of their config (startCli drops DATABASE_URL); this process
  // reads the same database only if DATABASE_URL, exported for the PostgreSQL suite, does not redirect it.
  const shared = process.env.DATABASE_URL
  beforeAll(() => {
    delete process.env.DATABASE_URL
  })
  afterAll(() => {
    if (shared !== undefined) process.env.DATABASE_URL = shared
  })

  it.live(
    "db-prune counts what retention would delete and changes nothing; --apply deletes exactly those rows",
    () =>
      Effect.gen(function* () {
        const config = writeTestConfig({
          storage: {
            retention: {
              candles_15m_days: 30,
              candles_1h_days: 90,
              candles_4h_days: 365,
              candles_1d_days: null,
              decision_trace_days: 3
            }
          }
        })
        const now = Date.now()
        const bar = (timeframe: Timeframe, daysAgo: number) =>
          candle(0, { timeframe, openTime: barOpenTime(timeframe, now - daysAgo * DAY) })
        const ago = (days: number) => now - days * DAY
        yield* withStorage(
          config,
          Effect.gen(function* () {
            yield* (yield* CandleRepository).upsertMany([
              bar("15m", 31),
              bar("15m", 29),
              bar("15m", 0),
              bar("1h", 100),
              bar("1h", 91),
              bar("1h", 89),
              bar("4h", 366),
              bar("1d", 2000)
            ])
            const events = yield* SystemEventRepository
            yield* events.append(event({ timestamp: ago(4) }))
            yield* events.append(event({ timestamp: ago(1) }))
            yield* events.append(event({ timestamp: ago(10), eventType: "signal_generated" }))
            yield* events.append(event({ timestamp: ago(10), eventType: "error" }))
          })
        )
        const before = yield* snapshot(config)

        // A simulator's database: market time 600 days back, its newest candle where that market's "now" was
        const simulated = writeTestConfig({ storage: { retention: { candles_15m_days: 30, candles_1h_days: 90 } } })
        yield* withStorage(
          simulated,
          Effect.asVoid(
            Effect.flatMap(CandleRepository, (candles) =>
              candles.upsertMany([bar("15m", 631), bar("15m", 629), bar("15m", 600), bar("1h", 691), bar("1h", 689)])
            )
          )
        )
        const paperOnKraken = writeTestConfig({ mode: "paper", exchange: { venue: "kraken" } })
        const [dryRun, simulatedDryRun, embedded, paper] = yield* Effect.all(
          [
            runCli(["tools", "db-prune", "--config", config]),
            runCli(["tools", "db-prune", "--config", simulated]),
            runCli(["tools", "place-missing-stops"]),
            runCli(["tools", "place-missing-stops", "--apply", "--config", paperOnKraken])
          ],
          { concurrency: "unbounded" }
        )
        expect(dryRun.code, dryRun.output).toBe(0)
        expect(dryRun.output).toContain("dry run, nothing deleted (run with --apply to delete), ages counted back from")
        expect(dryRun.output).toMatch(/candles 15m\s+older than 30 days:\s+1 row would be deleted/)
        expect(dryRun.output).toMatch(/candles 1h\s+older than 90 days:\s+2 rows would be deleted/)
        expect(dryRun.output).toMatch(/candles 4h\s+older than 365 days:\s+1 row would be deleted/)
        expect(dryRun.output).toMatch(/candles 1d\s+kept \(no retention age\)/)
        expect(dryRun.output).toMatch(/system_events decision_trace\s+older than 3 days:\s+1 row would be deleted/)
        expect(yield* snapshot(config)).toEqual(before)
        // Ages count back from the simulated market's newest candle, not the real clock (which would delete all)
        expect(simulatedDryRun.code, simulatedDryRun.output).toBe(0)
        expect(simulatedDryRun.output).toContain(
          `ages counted back from ${new Date(bar("15m", 600).openTime).toISOString()}`
        )
        expect(simulatedDryRun.output).toMatch(/candles 15m\s+older than 30 days:\s+1 row would be deleted/)
        expect(simulatedDryRun.output).toMatch(/candles 1h\s+older than 90 days:\s+1 row would be deleted/)
        expect(embedded.code).not.toBe(0)
        expect(embedded.output).toContain("exchange.sim.url: the embedded simulator has no state outside")
        // Paper positions live inside `trading live`: the tools must not repair them on the real Kraken account.
        expect(paper.code).not.toBe(0)
        expect(paper.output).toContain("mode: paper trading on kraken fills inside `trading live`")

        const applied = yield* runCli(["tools", "db-prune", "--config", config, "--apply"])
        expect(applied.code, applied.output).toBe(0)
        expect(applied.output).toMatch(/candles 1h\s+older than 90 days:\s+2 rows deleted/)
        expect(applied.output).toMatch(/system_events decision_trace\s+older than 3 days:\s+1 row deleted/)
        expect(yield* snapshot(config)).toEqual({
          ...before,
          "15m": before["15m"].slice(1),
          "1h": before["1h"].slice(2),
          "4h": [],
          traces: before.traces.slice(1)
        })
        expect(before["1h"]).toHaveLength(3)
        expect(before.traces).toHaveLength(2)
      }),
    180_000
  )
})
