import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { startCli, writeTestConfig } from "../integration/cliProcess.ts"

describe("trading backtest as a process", () => {
  it("runs the synthetic span, prints the summary and the lookahead check, writes the JSON and HTML reports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "backtest-cli-"))
    const json = join(dir, "report.json")
    const html = join(dir, "report.html")
    const run = startCli([
      "backtest",
      "--config",
      writeTestConfig({}),
      "--symbols",
      "ETH/USD",
      "--seed",
      "1",
      "--from",
      "2025-01-04T12:00",
      "--to",
      "2025-01-05T18:00",
      "--json",
      json,
      "--html",
      html,
      "--lookahead-check"
    ])
    const code = await run.exited
    expect(code, run.output()).toBe(0)
    expect(run.output()).toContain("Backtest ETH/USD")
    expect(run.output()).toContain("Total return")
    // Not a terminal: no progress bar
    expect(run.output()).not.toContain("[#")
    const report = JSON.parse(readFileSync(json, "utf8"))
    expect(report.run).toMatchObject({ symbols: ["ETH/USD"], seed: 1, from: "2025-01-04T12:00:00.000Z" })
    expect(report.equityCurve).toHaveLength(120)
    expect(report.trades.length).toBeGreaterThanOrEqual(1)
    // --lookahead-check ran: its outcome is printed and in the JSON (the run's signals, none differing)
    expect(run.output()).toContain("re-evaluated on data cut at their bar, 0 differ")
    expect(report.lookaheadCheck.checked).toBeGreaterThanOrEqual(1)
    expect(report.lookaheadCheck.differences).toEqual([])
    const page = readFileSync(html, "utf8")
    expect(page.startsWith("<!doctype html>")).toBe(true)
    expect(page).toContain("ETH/USD")
    expect(page).toContain("<svg")
  }, 90_000)
})
