import { Either, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import type { CandleSeries } from "../../src/domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../../src/domain/Timeframe.ts"
import { CandleFileError, parseCandles } from "../../src/market/CandleCsv.ts"
import { FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }
const FILE = "fuzz/PF_XBTUSD-15m.csv"
const options = (timeframe: Timeframe) => ({ file: FILE, symbol: "BTC/USD", timeframe })

interface Bar {
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

const price = fc.double({ min: 1e-8, max: 1e7, noNaN: true, noDefaultInfinity: true })

/** A valid series: aligned, strictly rising bar open times; high/low enclose open and close; volume ≥ 0. */
const series = fc
  .record({
    timeframe: fc.constantFrom<Timeframe>("15m", "1h", "4h", "1d"),
    startBar: fc.integer({ min: 0, max: 20_000 }),
    bars: fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 3 }),
        prices: fc.array(price, { minLength: 4, maxLength: 4 }),
        volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }))
      }),
      { minLength: 1, maxLength: 60 }
    )
  })
  .map(({ timeframe, startBar, bars }) => {
    const step = timeframeMs[timeframe]
    let bar = startBar
    const out = bars.map(({ gap, prices, volume }): Bar => {
      bar += gap
      const [a = 1, b = 1, c = 1, d = 1] = prices
      return { time: bar * step, open: a, close: b, high: Math.max(a, b, c, d), low: Math.min(a, b, c, d), volume }
    })
    return { timeframe, bars: out }
  })

const values = (b: Bar) => [b.open, b.high, b.low, b.close, b.volume].map(String).join(",")
const layouts = {
  normalized: (bars: ReadonlyArray<Bar>) =>
    ["timestamp_ms,open,high,low,close,volume", ...bars.map((b) => `${b.time},${values(b)}`)].join("\n"),
  kraken: (bars: ReadonlyArray<Bar>) => bars.map((b) => `${b.time / 1000},${values(b)},7`).join("\r\n"),
  iso: (bars: ReadonlyArray<Bar>) =>
    ["Date,Open,High,Low,Close,Volume", ...bars.map((b) => `${new Date(b.time).toISOString()},${values(b)}`)].join(
      "\n"
    ),
  json: (bars: ReadonlyArray<Bar>) =>
    JSON.stringify(bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume, 0]))
}

const columnsOf = (s: CandleSeries) =>
  (["openTime", "open", "high", "low", "close", "volume"] as const).map((k) => Array.from(s[k].subarray(0, s.length)))

const expectNamedError = (result: Either.Either<CandleSeries, CandleFileError>, lineCount: number) => {
  if (Either.isRight(result)) return
  expect(result.left).toBeInstanceOf(CandleFileError)
  expect(result.left.file).toBe(FILE)
  expect(result.left.message.startsWith(FILE)).toBe(true)
  if (result.left.line !== undefined) {
    expect(result.left.line).toBeGreaterThanOrEqual(1)
    expect(result.left.line).toBeLessThanOrEqual(lineCount)
  }
}

describe("candle files under bad input", () => {
  it("round-trips valid generated series exactly in every layout", () => {
    fc.assert(
      fc.property(series, fc.constantFrom(...(Object.keys(layouts) as Array<keyof typeof layouts>)), (s, layout) => {
        const parsed = Either.getOrThrow(parseCandles(layouts[layout](s.bars), options(s.timeframe)))
        expect(parsed.length).toBe(s.bars.length)
        expect(columnsOf(parsed)).toEqual(
          (["time", "open", "high", "low", "close", "volume"] as const).map((k) => s.bars.map((b) => b[k]))
        )
      }),
      run
    )
  })

  it("never throws on random text: a series or an error naming the file", () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.string({
        unit: fc.constantFrom(...'0123456789,.-e\n\r"timestamp_ms,open,high,low,close,volume[] '),
        maxLength: 300
      }),
      fc.constant("timestamp_ms,open,high,low,close,volume\n").chain((h) => fc.string().map((t) => h + t))
    )
    fc.assert(
      fc.property(text, (t) => expectNamedError(parseCandles(t, options("15m")), t.split(/\r?\n/).length)),
      run
    )
  })

  it("names the corrupted line of a normalized file", () => {
    const garbage = fc.constantFrom("", "NaN", "abc", "-1", "1e999", "0x10", "1,2", '"', "Infinity", " ", "1..2")
    fc.assert(
      fc.property(series, fc.nat(), fc.integer({ min: 0, max: 5 }), garbage, (s, pick, cell, junk) => {
        const lines = layouts.normalized(s.bars).split("\n")
        const row = 1 + (pick % s.bars.length)
        const cells = (lines[row] ?? "").split(",")
        cells[cell] = junk
        lines[row] = cells.join(",")
        const result = parseCandles(lines.join("\n"), options(s.timeframe))
        expectNamedError(result, lines.length)
        if (Either.isLeft(result)) expect(result.left.line).toBe(row + 1)
      }),
      run
    )
  })

  it("refuses duplicated, swapped or truncated rows with the line and field", () => {
    const corruption = fc.constantFrom("duplicate", "swap", "truncate")
    fc.assert(
      fc.property(series, fc.nat(), corruption, (s, pick, kind) => {
        fc.pre(s.bars.length >= 2)
        const lines = layouts.normalized(s.bars).split("\n")
        const row = 1 + (pick % (s.bars.length - 1))
        if (kind === "duplicate") lines.splice(row, 0, lines[row] ?? "")
        if (kind === "swap") [lines[row], lines[row + 1]] = [lines[row + 1] ?? "", lines[row] ?? ""]
        if (kind === "truncate") lines[row] = (lines[row] ?? "").split(",").slice(0, 3).join(",")
        const result = parseCandles(lines.join("\n"), options(s.timeframe))
        expect(Either.isLeft(result)).toBe(true)
        expectNamedError(result, lines.length)
        if (Either.isLeft(result)) {
          expect(result.left.line).toBe(row + 2 - (kind === "truncate" ? 1 : 0))
          expect(result.left.field).toBeDefined()
        }
      }),
      run
    )
  })
})
