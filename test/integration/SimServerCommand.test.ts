import { describe, expect, it } from "vitest"
import { startCli, waitForOutput } from "./cliProcess.ts"

describe("trading sim-server", () => {
  it("serves the simulated venue on loopback, prints its URL and credentials, and stops on SIGTERM", async () => {
    const run = startCli(["sim-server", "--port", "0", "--seed", "7", "--api-key", "test-key", "--history-days", "40"])
    try {
      await waitForOutput(run, (out) => /Simulated Kraken venue on http:\/\/127\.0\.0\.1:\d+/.test(out), 90_000)
      const url = /Simulated Kraken venue on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1]
      expect(run.output()).toContain("API key:          test-key")
      const response = await fetch(`${url}/0/public/AssetPairs`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { error: ReadonlyArray<string>; result: Record<string, unknown> }
      expect(body.error).toEqual([])
      expect(Object.keys(body.result).length).toBeGreaterThan(0)
      // --history-days 40: the daily candles reach 40 days back (the default 30 would give 29 or 30)
      const ohlc = (await fetch(`${url}/0/public/OHLC?pair=XBTUSD&interval=1440`).then((r) => r.json())) as {
        result: Record<string, unknown>
      }
      const { last: _last, ...series } = ohlc.result
      const [daily = []] = Object.values(series) as Array<ReadonlyArray<unknown>>
      expect(daily.length).toBeGreaterThanOrEqual(39)
      expect(daily.length).toBeLessThanOrEqual(40)
    } finally {
      run.child.kill("SIGTERM")
    }
    expect(await run.exited).toBe(0)
  }, 120_000)
})
