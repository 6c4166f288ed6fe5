import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import type { Timeframe } from "../../src/domain/Timeframe.ts"
import { type CandleFileError, detectLayout, parseCandles, readCandleFile } from "../../src/market/CandleCsv.ts"

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/candles/${name}`, import.meta.url))
const SHARED_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url))
const hasSharedData = existsSync(SHARED_DATA)

const parse = (text: string, timeframe: Timeframe = "1h") =>
  parseCandles(text, { file: "inline.csv", symbol: "BTC/USD", timeframe })

const parsed = (text: string, timeframe: Timeframe = "1h"): CandleSeries => {
  const result = parse(text, timeframe)
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

const failure = (text: string, timeframe: Timeframe = "1h"): CandleFileError => {
  const result = parse(text, timeframe)
  if (Either.isRight(result)) throw new Error("expected a parse error")
  return result.left
}

const COLUMNS = ["openTime", "open", "high", "low", "close", "volume"] as const

const columns = (s: CandleSeries) => COLUMNS.map((k) => Array.from(s[k].subarray(0, s.length)))

/** "column[index]" of the first difference between two large series, or "same". */
const firstDifference = (a: CandleSeries, b: CandleSeries): string => {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`
  for (const k of COLUMNS) for (let i = 0; i < a.length; i++) if (a[k][i] !== b[k][i]) return `${k}[${i}]`
  return "same"
}

const HEADER = "timestamp_ms,open,high,low,close,volume"
const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1)

describe("CandleCsv layouts", () => {
  const files = [
    "btc-1h.norm.csv",
    "btc-1h.kraken.csv",
    "btc-1h.binance.json",
    "btc-1h.iso.csv",
    "btc-1h.iso-offset.csv"
  ]

  it("detects each layout", () => {
    expect(files.map((f) => detectLayout(readFileSync(fixture(f), "utf8")))).toEqual([
      "normalized",
      "kraken",
      "json",
      "iso",
      "iso"
    ])
    expect(detectLayout("a,b,c\n1,2,3")).toBeUndefined()
    expect(detectLayout("1,2,3\n")).toBeUndefined()
  })

  it("reads the same five bars from every layout", () => {
    const all = files.map((f) => parsed(readFileSync(fixture(f), "utf8")))
    const reference = all[0]!
    expect(reference.length).toBe(5)
    expect(reference.openTime[0]).toBe(T0)
    expect(reference.openTime[4]).toBe(T0 + 4 * H)
    expect([reference.open[0], reference.high[0], reference.low[0], reference.close[0], reference.volume[0]]).toEqual([
      100.5, 101.25, 99.75, 101, 12.5
    ])
    for (const series of all) {
      expect(series.symbol).toBe("BTC/USD")
      expect(series.timeframe).toBe("1h")
      expect(columns(series)).toEqual(columns(reference))
    }
  })

  it.effect("readCandleFile reads from disk and names the path when the file is missing", () =>
    Effect.gen(function* () {
      const series = yield* readCandleFile(fixture("btc-1h.kraken.csv"), { symbol: "BTC/USD", timeframe: "1h" })
      expect(series.length).toBe(5)
      const missing = yield* Effect.flip(readCandleFile(fixture("nope.csv"), { symbol: "BTC/USD", timeframe: "1h" }))
      expect(missing._tag).toBe("CandleFileError")
      expect(missing.file).toContain("nope.csv")
      expect(missing.message).toContain("cannot read")
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )

  it("skips blank lines, accepts a BOM, CRLF and ISO dates without a time or zone (read as UTC)", () => {
    const s = parsed(
      "\uFEFFdate,open,high,low,close,volume\r\n2024-01-01,1,2,0.5,1.5,3\r\n\r\n2024-01-02,1.5,2,1,1,0\r\n",
      "1d"
    )
    expect(Array.from(s.openTime.subarray(0, s.length))).toEqual([T0, T0 + 24 * H])
  })
})

describe("CandleCsv errors name the file, line and field", () => {
  it("a duplicate timestamp names both lines", () => {
    const e = failure(`${HEADER}\n${T0},1,2,0.5,1,1\n${T0 + H},1,2,0.5,1,1\n${T0 + H},1,2,0.5,1,1\n`)
    expect([e.file, e.line, e.field]).toEqual(["inline.csv", 4, "timestamp_ms"])
    expect(e.reason).toContain("duplicate")
    expect(e.reason).toContain("line 3")
    expect(e.message).toBe(`inline.csv:4 (timestamp_ms): ${e.reason}`)
  })

  it("unsorted rows are refused", () => {
    const e = failure(`${HEADER}\n${T0 + H},1,2,0.5,1,1\n${T0},1,2,0.5,1,1\n`)
    expect([e.line, e.field]).toEqual([3, "timestamp_ms"])
    expect(e.reason).toContain("not sorted")
  })

  it("a bad number, a non-positive price, a negative volume and an inconsistent bar name their field", () => {
    expect([failure(`${HEADER}\n${T0},1,abc,0.5,1,1\n`)].map((e) => [e.line, e.field])).toEqual([[2, "high"]])
    expect(failure(`${HEADER}\n${T0},1,2,0.5,1,1\n${T0 + H},0,2,0.5,1,1\n`).field).toBe("open")
    expect(failure(`${HEADER}\n${T0},1,2,0.5,1,-1\n`).field).toBe("volume")
    const inconsistent = failure(`${HEADER}\n${T0},1,2,1.5,1,1\n`)
    expect([inconsistent.line, inconsistent.field]).toEqual([2, "high/low"])
    expect(inconsistent.reason).toContain("low")
    expect(failure(`${HEADER}\n${T0},1,2,0.5,,1\n`).field).toBe("close")
  })

  it("a time off the timeframe grid is refused", () => {
    const e = failure(`${HEADER}\n${T0 + 60_000},1,2,0.5,1,1\n`)
    expect([e.line, e.field]).toEqual([2, "timestamp_ms"])
    expect(e.reason).toContain("1h bar open time")
  })

  it("an invalid ISO time, a missing column and an unknown layout are reported", () => {
    const iso = failure("time,open,high,low,close,volume\n2024-02-30T00:00:00Z,1,2,0.5,1,1\n")
    expect([iso.line, iso.field]).toEqual([2, "time"])
    const missing = failure("time,open,high,low,close\n2024-01-01T00:00:00Z,1,2,0.5,1\n")
    expect([missing.line, missing.field]).toEqual([1, "volume"])
    expect(failure("hello world").reason).toContain("unknown candle file layout")
  })

  it("Kraken rows are in seconds and JSON errors name the entry", () => {
    const kraken = failure(`${T0 / 1000},1,2,0.5,1,1,3\n${T0 / 1000 + 1800},1,2,0.5,1,1,3\n`)
    expect([kraken.line, kraken.field]).toEqual([2, "timestamp_seconds"])
    const json = failure(`[[${T0},1,2,0.5,1,1],[${T0 + H},1,2,0.5,1]]`)
    expect(json.line).toBe(2)
    expect(failure(`[[${T0},"1","2","0.5","x","1"]]`).field).toBe("close")
    expect(parsed(`[[${T0},"1","2","0.5","1.5","1"]]`).close[0]).toBe(1.5)
    expect(failure("[[1,2,3").reason).toContain("invalid JSON")
    expect(failure(`{"a":1}`).reason).toContain("unknown")
  })
})

describe.skipIf(!hasSharedData)(
  `CandleCsv on ../shared/data${hasSharedData ? "" : " (SKIPPED: ../shared/data is absent)"}`,
  () => {
    const read = (path: string, timeframe: Timeframe) =>
      parsed(readFileSync(`${SHARED_DATA}${path}`, "utf8"), timeframe)

    it("Kraken raw XBTUSD 1h equals its normalized copy", () => {
      const raw = read("kraken/XBTUSD_60.csv", "1h")
      expect(raw.length).toBe(50_378)
      expect(firstDifference(raw, read("kraken/XBTUSD_60.norm.csv", "1h"))).toBe("same")
    })

    it("Binance JSON SOL 15m and BTC 1d equal their normalized copies", () => {
      const sol = read("binance/SOL_USDT-15m.json", "15m")
      expect(sol.length).toBe(75_856)
      expect(firstDifference(sol, read("binance/SOL_USDT-15m.norm.csv", "15m"))).toBe("same")
      expect(firstDifference(read("binance/BTC_USDT-1d.json", "1d"), read("binance/BTC_USDT-1d.norm.csv", "1d"))).toBe(
        "same"
      )
    })
  }
)
