import { writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { it as effectIt } from "@effect/vitest"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type OhlcRow, spotRestServer } from "../support/kraken/SpotRestServer.ts"
import { startCli, writeTestConfig } from "./cliProcess.ts"

const HOUR = 3_600_000
const T0 = Date.parse("2024-03-01T00:00:00Z")

const csv = (rows: ReadonlyArray<string>) => ["timestamp_ms,open,high,low,close,volume", ...rows].join("\n")

describe("trading data", () => {
  it("import stores a candle file's bars and show reports them", async () => {
    const config = writeTestConfig({})
    const file = join(dirname(config), "sol-1h.csv")
    writeFileSync(file, csv([0, 1, 2].map((i) => `${T0 + i * HOUR},100,110,90,105,${10 + i}`)))
    const imported = startCli(["data", "import", "--config", config, "--symbol", "SOL/USD", "--timeframe", "1h", file])
    expect(await imported.exited, imported.output()).toBe(0)
    expect(imported.output()).toContain("imported 3 1h bars of SOL/USD")
    const shown = startCli(["data", "show", "--config", config, "--symbol", "SOL/USD"])
    expect(await shown.exited, shown.output()).toBe(0)
    expect(shown.output()).toMatch(/SOL\/USD 1h\s+3 bars\s+newest 2024-03-01T02:00:00.000Z/)
    expect(shown.output()).toMatch(/SOL\/USD 4h\s+0 bars/)
  }, 90_000)

  it("import refuses an unsound file naming the line, and stores nothing", async () => {
    const config = writeTestConfig({})
    const file = join(dirname(config), "bad.csv")
    writeFileSync(file, csv([`${T0},100,110,90,105,1`, `${T0 + HOUR},100,80,90,105,1`]))
    const run = startCli(["data", "import", "--config", config, "--symbol", "SOL/USD", "--timeframe", "1h", file])
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain("bad.csv:3 (high/low): high 80 is below low 90")
    const shown = startCli(["data", "show", "--config", config, "--symbol", "SOL/USD"])
    expect(await shown.exited).toBe(0)
    expect(shown.output()).toMatch(/SOL\/USD 1h\s+0 bars/)
  }, 90_000)
})

const ohlcRows = (from: number, n: number): ReadonlyArray<OhlcRow> =>
  Array.from({ length: n }, (_, i) => [(from + i * HOUR) / 1000, "100", "110", "90", `${101 + i}`, "100", "2.5", 4])

/** Runs the CLI to its end against `config`; returns its exit code and output. */
const runCli = (args: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const run = startCli(args)
    const code = await run.exited
    return { code, output: run.output() }
  })

describe("trading data download and list", () => {
  effectIt.scopedLive(
    "download stores the closed bars of Kraken's OHLC per symbol and list reports every series",
    () =>
      Effect.gen(function* () {
        // Ten hourly bars up to the current hour, which is still forming
        const first = Math.floor(Date.now() / HOUR) * HOUR - 9 * HOUR
        const rows = ohlcRows(first, 10)
        const kraken = yield* spotRestServer({ ohlc: { XBTUSD: rows, ETHUSD: rows }, ohlcPageSize: 4 })
        const config = writeTestConfig({ exchange: { kraken: { spot_rest_url: kraken.url } } })
        const since = new Date(first + 4 * HOUR).toISOString()
        const common = ["--config", config, "--timeframes", "1h", "--since", since]
        const [download, unknownPair, badTimeframe, badDate] = yield* Effect.all(
          [
            runCli(["data", "download", "--symbols", "BTC/USD,ETH/USD", ...common]),
            runCli(["data", "download", "--symbols", "SOL/USD", ...common]),
            runCli([
              "data",
              "download",
              "--config",
              config,
              "--symbols",
              "BTC/USD",
              "--timeframes",
              "1h,2h",
              "--since",
              since
            ]),
            runCli(["data", "download", "--config", config, "--symbols", "BTC/USD", "--since", "2024-13-01"])
          ],
          { concurrency: "unbounded" }
        )
        expect(download.code, download.output).toBe(0)
        const span = `${new Date(first + 4 * HOUR).toISOString()} .. ${new Date(first + 8 * HOUR).toISOString()}`
        expect(download.output).toContain(`BTC/USD 1h  stored      5 closed bars  ${span}`)
        expect(download.output).toContain(`ETH/USD 1h  stored      5 closed bars  ${span}`)
        expect(download.output).not.toContain("Kraken had nothing older")
        expect(kraken.requests.some((r) => r.query.get("pair") === "XBTUSD" && r.query.get("interval") === "60")).toBe(
          true
        )

        expect(unknownPair.code).not.toBe(0)
        expect(unknownPair.output).toMatch(/download of SOL\/USD 1h bars from Kraken failed: .*Unknown asset pair/)
        expect(badTimeframe.code).not.toBe(0)
        expect(badTimeframe.output).toContain('data: --timeframes "2h" is not valid: expected one of 15m, 1h, 4h, 1d')
        expect(badDate.code).not.toBe(0)
        expect(badDate.output).toContain('data: --since "2024-13-01" is not valid')

        const list = yield* runCli(["data", "list", "--config", config])
        expect(list.code, list.output).toBe(0)
        expect(list.output).toMatch(new RegExp(`BTC/USD\\s+1h\\s+5 bars  ${span.replace(/\./g, "\\.")}`))
        expect(list.output).toMatch(new RegExp(`ETH/USD\\s+1h\\s+5 bars  ${span.replace(/\./g, "\\.")}`))
        expect(list.output).not.toContain("SOL/USD")
      }),
    180_000
  )
})
