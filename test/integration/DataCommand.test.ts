import { writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
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
