import { describe, expect, it } from "vitest"
import { startCli, waitForOutput, writeTestConfig } from "./cliProcess.ts"

/** Two coins and short histories keep the first tick light. */
const smallUniverse = () =>
  writeTestConfig({
    exchange: { sim: { symbols: ["BTC/USD", "ETH/USD"] } },
    data: { history_days_15m: 2, history_days_1h: 3, history_days_4h: 10, history_days_1d: 30 }
  })

describe("trading live as a process", () => {
  it("--ticks 3 runs three ticks and exits 0", async () => {
    const run = startCli(["live", "--config", smallUniverse(), "--ticks", "3"])
    const code = await run.exited
    const tickLines = run.output().match(/tick \d+ market_time=/g) ?? []
    expect(code, run.output()).toBe(0)
    expect(tickLines).toHaveLength(3)
    expect(run.output()).toContain("stopped cleanly")
  }, 120_000)

  it("SIGTERM ends a running loop cleanly within a few seconds", async () => {
    const run = startCli(["live", "--config", smallUniverse()])
    await waitForOutput(run, (out) => out.includes("tick 1 "), 90_000)
    const signalledAt = Date.now()
    run.child.kill("SIGTERM")
    const code = await run.exited
    expect(Date.now() - signalledAt).toBeLessThan(10_000)
    expect(code, run.output()).toBe(0)
    expect(run.output()).toContain("stopped cleanly")
  }, 120_000)
})

describe("operating a running live process", () => {
  it("trading kill from another process holds the loop at its next tick; resume lets it analyse again", async () => {
    const config = smallUniverse()
    const live = startCli(["live", "--config", config])
    try {
      await waitForOutput(live, (out) => out.includes("tick 1 "), 90_000)
      const kill = startCli(["kill", "--config", config, "--reason", "integration test"])
      expect(await kill.exited, kill.output()).toBe(0)
      expect(kill.output()).toContain("kill switch activated")
      await waitForOutput(live, (out) => out.includes("kill switch active (MANUAL): SAFE_HOLD"), 30_000)
      const status = startCli(["status", "--config", config, "--json"])
      expect(await status.exited, status.output()).toBe(0)
      expect(status.output()).toContain("integration test")
      const resume = startCli(["resume", "--config", config])
      expect(await resume.exited, resume.output()).toBe(0)
      const resumedAt = live.output().length
      await waitForOutput(live, (out) => /safety=ACTIVE/.test(out.slice(resumedAt)), 30_000)
    } finally {
      live.child.kill("SIGTERM")
    }
    expect(await live.exited).toBe(0)
  }, 240_000)
})

describe("trading CLI", () => {
  it("config check prints 'config OK' for the shipped configuration", async () => {
    const run = startCli(["config", "check"])
    expect(await run.exited).toBe(0)
    expect(run.output()).toContain("config OK")
  }, 60_000)

  it("config check names the key of a wrong value and exits non-zero", async () => {
    const run = startCli(["config", "check", "--config", writeTestConfig({ risk: { auction_max_positions: "many" } })])
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain("risk.auction_max_positions")
  }, 60_000)

  it("a malformed option is reported once by the CLI, with no second garbled line", async () => {
    const run = startCli(["sim-server", "--port", "abc"])
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain("'abc' is not a integer")
    expect(run.output()).not.toContain("[object Object]")
  }, 60_000)

  it("db migrate applies the migrations once, then reports the schema up to date", async () => {
    const config = writeTestConfig({})
    const first = startCli(["db", "migrate", "--config", config])
    expect(await first.exited).toBe(0)
    expect(first.output()).toContain("applied 2 migration(s): 1_create_tables, 2_create_safety_state")
    const again = startCli(["db", "migrate", "--config", config])
    expect(await again.exited).toBe(0)
    expect(again.output()).toContain("database schema up to date")
  }, 90_000)

  it("backtest names a malformed option and exits non-zero", async () => {
    const run = startCli(["backtest", "--to", "soon"])
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain('--to "soon" is not valid')
  }, 90_000)
})
