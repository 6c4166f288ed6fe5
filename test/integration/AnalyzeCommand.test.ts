import { writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import { createSyntheticMarket } from "../../src/market/SyntheticMarket.ts"
import { startCli, writeTestConfig } from "./cliProcess.ts"

const START = Date.parse("2024-01-01T00:00:00Z")

/** 600 synthetic 4h bars as a normalized CSV next to a private config. */
const syntheticCsv = (configPath: string): string => {
  const series = createSyntheticMarket({ seed: 7, startMs: START }).candles(
    "ETH/USD",
    "4h",
    START,
    START + 600 * 4 * 3_600_000
  )
  const rows = Array.from(
    { length: series.length },
    (_, i) =>
      `${series.openTime[i]},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`
  )
  const file = join(dirname(configPath), "eth-4h.csv")
  writeFileSync(file, ["timestamp_ms,open,high,low,close,volume", ...rows].join("\n"))
  return file
}

interface Event {
  readonly index: number
  readonly confirmedAt?: number
  readonly brokenAt?: number
}

describe("trading analyze", () => {
  it("--csv --json prints the structure with the bar at which each event became known", async () => {
    const config = writeTestConfig({})
    const run = startCli(["analyze", "--config", config, "--csv", syntheticCsv(config), "--timeframe", "4h", "--json"])
    expect(await run.exited, run.output()).toBe(0)
    const doc = JSON.parse(run.output()) as {
      bars: number
      swings: ReadonlyArray<Event>
      structure: ReadonlyArray<Event>
      fvgs: ReadonlyArray<Event>
      signal: unknown
    }
    expect(doc.bars).toBe(600)
    expect(doc.swings.length).toBeGreaterThan(0)
    expect(doc.fvgs.length).toBeGreaterThan(0)
    // Causal: a swing is known only after its right-hand bars, a break only at or after the level's bar
    for (const s of doc.swings) expect(s.confirmedAt).toBeGreaterThan(s.index)
    for (const e of doc.structure) expect(e.brokenAt).toBeGreaterThan(e.index)
    expect("signal" in doc).toBe(true)
  }, 60_000)

  it("--symbol reads the candles a live run stored", async () => {
    const config = writeTestConfig({
      exchange: { sim: { symbols: ["BTC/USD"] } },
      data: { history_days_15m: 3, history_days_1h: 20, history_days_4h: 120, history_days_1d: 300 }
    })
    const live = startCli(["live", "--config", config, "--ticks", "1"])
    expect(await live.exited, live.output()).toBe(0)
    const run = startCli(["analyze", "--config", config, "--symbol", "BTC/USD"])
    expect(await run.exited, run.output()).toBe(0)
    expect(run.output()).toContain("BTC/USD 4h: 720 bars")
    expect(run.output()).toMatch(/daily bias: (bullish|bearish|neutral)/)
  }, 120_000)

  it("without --csv or --symbol, says what to give and exits non-zero", async () => {
    const run = startCli(["analyze"])
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain("give --csv FILE --timeframe TF, or --symbol SYMBOL")
  }, 60_000)
})
