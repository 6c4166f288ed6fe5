import { FileSystem } from "@effect/platform"
import { Effect, Either, Schema } from "effect"
import { candleInconsistency } from "../domain/Candle.ts"
import { type CandleSeries, emptySeries } from "../domain/CandleSeries.ts"
import { type Timeframe, timeframeMs } from "../domain/Timeframe.ts"
import { tracedFn } from "../monitoring/TracedFn.ts"
import { parseIsoTime } from "./IsoTime.ts"

/**
 * Candle file layouts, detected from the content:
 * - "normalized": CSV with header `timestamp_ms,open,high,low,close,volume` (../shared/data *.norm.csv);
 * - "kraken": Kraken's OHLCVT export, CSV without header `timestamp_seconds,open,high,low,close,volume[,trades]`;
 * - "iso": CSV with a header whose time column is `time`, `timestamp`, `date` or `datetime`, holding ISO-8601
 *   times (UTC when no zone is given), and columns open, high, low, close, volume in any order;
 * - "json": a JSON array of `[timestamp_ms, open, high, low, close, volume, ...]` (Binance klines, freqtrade).
 * Times are bar open times.
 */
export type CandleFileLayout = "normalized" | "kraken" | "iso" | "json"

/** A candle file could not be read; names the file, the line (CSV) or 1-based entry (JSON) and the field. */
export class CandleFileError extends Schema.TaggedError<CandleFileError>()("CandleFileError", {
  file: Schema.String,
  line: Schema.optional(Schema.Number),
  field: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  override get message(): string {
    const where = this.line === undefined ? this.file : `${this.file}:${this.line}`
    return `${where}${this.field === undefined ? "" : ` (${this.field})`}: ${this.reason}`
  }
}

export interface CandleFileOptions {
  /** Named in errors. */
  readonly file: string
  readonly symbol: string
  readonly timeframe: Timeframe
}

const PRICE_FIELDS = ["open", "high", "low", "close"] as const
const FIELDS = [...PRICE_FIELDS, "volume"] as const
const ISO_TIME_HEADERS = ["time", "timestamp", "date", "datetime"]
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Thrown inside the parser and turned into a Left at its boundary, to keep the row code linear. */
class Abort {
  constructor(readonly error: CandleFileError) {}
}

const abort = (file: string, line: number | undefined, field: string | undefined, reason: string): never => {
  throw new Abort(
    new CandleFileError({
      file,
      reason,
      ...(line === undefined ? {} : { line }),
      ...(field === undefined ? {} : { field })
    })
  )
}

/** Collects validated rows into columns. */
class Rows {
  private readonly series: CandleSeries
  // The value columns in FIELDS order
  private readonly columns: ReadonlyArray<Float64Array>
  private count = 0
  private previousLine = 0

  constructor(
    private readonly options: CandleFileOptions,
    capacity: number
  ) {
    this.series = emptySeries(options.symbol, options.timeframe, capacity)
    this.columns = FIELDS.map((field) => this.series[field])
  }

  fail(line: number | undefined, field: string | undefined, reason: string): never {
    return abort(this.options.file, line, field, reason)
  }

  number(line: number, field: string, value: unknown): number {
    if (typeof value === "number" && Number.isFinite(value)) return value
    if (typeof value === "string") {
      const text = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
      if (NUMBER.test(text)) return Number(text)
    }
    return this.fail(line, field, `${JSON.stringify(value)} is not a number`)
  }

  add(line: number, timeField: string, time: number, values: ReadonlyArray<unknown>): void {
    const step = timeframeMs[this.options.timeframe]
    if (!Number.isSafeInteger(time) || time < 0) this.fail(line, timeField, `${time} is not a valid epoch time`)
    if (time % step !== 0) {
      this.fail(line, timeField, `${new Date(time).toISOString()} is not a ${this.options.timeframe} bar open time`)
    }
    const s = this.series
    const i = this.count
    const last = i === 0 ? Number.NEGATIVE_INFINITY : (s.openTime[i - 1] ?? 0)
    if (time === last) this.fail(line, timeField, `duplicate timestamp: line ${this.previousLine} has the same time`)
    if (time < last) this.fail(line, timeField, `not sorted: earlier than line ${this.previousLine}`)
    FIELDS.forEach((field, k) => {
      const x = this.number(line, field, values[k])
      if (field === "volume" ? !(x >= 0) : !(x > 0)) {
        this.fail(line, field, field === "volume" ? `volume ${x} is negative` : `price ${x} is not positive`)
      }
      this.columns[k]![i] = x
    })
    const inconsistency = candleInconsistency({
      open: s.open[i]!,
      high: s.high[i]!,
      low: s.low[i]!,
      close: s.close[i]!
    })
    if (inconsistency !== undefined) this.fail(line, "high/low", inconsistency)
    s.openTime[i] = time
    this.count = i + 1
    this.previousLine = line
  }

  result(): CandleSeries {
    return { ...this.series, length: this.count }
  }
}

const splitCsv = (line: string): Array<string> => line.split(",").map((cell) => cell.trim())

const isHeader = (cells: ReadonlyArray<string>): boolean => cells.some((cell) => !NUMBER.test(cell.replace(/"/g, "")))

/** The layout of a candle file's text, or undefined when it is none of the known ones. */
export const detectLayout = (text: string): CandleFileLayout | undefined => {
  const trimmed = text.trimStart()
  if (trimmed.startsWith("[")) return "json"
  const first = trimmed.split(/\r?\n/, 1)[0]
  if (first === undefined || first.trim() === "") return undefined
  const cells = splitCsv(first)
  if (!isHeader(cells)) return cells.length === 6 || cells.length === 7 ? "kraken" : undefined
  const names = cells.map((cell) => cell.replace(/"/g, "").toLowerCase())
  if (names[0] === "timestamp_ms") return "normalized"
  return names.some((name) => ISO_TIME_HEADERS.includes(name)) ? "iso" : undefined
}

const parseJson = (text: string, options: CandleFileOptions): CandleSeries => {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return abort(options.file, undefined, undefined, `invalid JSON: ${error instanceof Error ? error.message : error}`)
  }
  if (!Array.isArray(data)) return abort(options.file, undefined, undefined, "expected a JSON array of candles")
  const rows = new Rows(options, data.length)
  for (const [k, entry] of data.entries()) {
    if (!Array.isArray(entry) || entry.length < 6) {
      return rows.fail(k + 1, undefined, "expected [timestamp_ms, open, high, low, close, volume]")
    }
    rows.add(k + 1, "timestamp_ms", rows.number(k + 1, "timestamp_ms", entry[0]), entry.slice(1, 6))
  }
  return rows.result()
}

const headerNames = (line: string): Array<string> => splitCsv(line).map((cell) => cell.replace(/"/g, "").toLowerCase())

const parseCsv = (
  text: string,
  layout: Exclude<CandleFileLayout, "json">,
  options: CandleFileOptions
): CandleSeries => {
  const lines = text.split(/\r?\n/)
  const first = lines.findIndex((line) => line.trim() !== "")
  const rows = new Rows(options, lines.length)
  const kraken = layout === "kraken"
  const header = kraken ? [] : headerNames(lines[first] ?? "")
  const timeName = kraken
    ? "timestamp_seconds"
    : (header.find((n) => n === "timestamp_ms" || ISO_TIME_HEADERS.includes(n)) ?? "")
  const timeColumn = kraken ? 0 : header.indexOf(timeName)
  const columns = FIELDS.map((field, k) => {
    const at = kraken ? k + 1 : header.indexOf(field)
    return at >= 0 ? at : rows.fail(first + 1, field, `no "${field}" column in the header`)
  })
  for (let n = kraken ? first : first + 1; n < lines.length; n++) {
    const raw = lines[n] ?? ""
    if (raw.trim() === "") continue
    const cells = splitCsv(raw)
    const timeText = (cells[timeColumn] ?? "").replace(/"/g, "")
    const time =
      layout === "iso"
        ? (parseIsoTime(timeText) ?? rows.fail(n + 1, timeName, `"${timeText}" is not an ISO-8601 time`))
        : rows.number(n + 1, timeName, timeText) * (kraken ? 1_000 : 1)
    rows.add(
      n + 1,
      timeName,
      time,
      columns.map((at) => cells[at])
    )
  }
  return rows.result()
}

/** Parses the text of a candle file in any known layout into a series; the first problem found is the error. */
export const parseCandles = (
  text: string,
  options: CandleFileOptions
): Either.Either<CandleSeries, CandleFileError> => {
  const content = text.replace(/^\uFEFF/, "")
  const layout = detectLayout(content)
  try {
    if (layout === undefined) return abort(options.file, undefined, undefined, "unknown candle file layout")
    return Either.right(layout === "json" ? parseJson(content, options) : parseCsv(content, layout, options))
  } catch (thrown) {
    if (thrown instanceof Abort) return Either.left(thrown.error)
    throw thrown
  }
}

/** Reads and parses a candle file; the file name in errors is `path`. */
export const readCandleFile = tracedFn("CandleCsv.readCandleFile")(function* (
  path: string,
  options: { readonly symbol: string; readonly timeframe: Timeframe }
) {
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs
    .readFileString(path)
    .pipe(Effect.mapError((error) => new CandleFileError({ file: path, reason: `cannot read: ${error.message}` })))
  return yield* parseCandles(text, { ...options, file: path })
})
