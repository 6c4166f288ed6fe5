import { FileSystem } from "@effect/platform"
import { Effect, Either, Schema } from "effect"
import { parseSpotSymbol, spotFromKrakenSpot } from "../../domain/Symbols.ts"
import { type Timeframe, timeframeMs } from "../../domain/Timeframe.ts"
import { readCandleFile } from "../../market/CandleCsv.ts"
import { tracedFn } from "../../monitoring/TracedFn.ts"
import { type BarSource, memoryBars, seriesBars } from "./BarSource.ts"

export class CandleDirError extends Schema.TaggedError<CandleDirError>()("CandleDirError", {
  dir: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.dir}: ${this.reason}`
  }
}

const MINUTES: Readonly<Record<string, Timeframe>> = { "15": "15m", "60": "1h", "240": "4h", "1440": "1d" }

/** `XBTUSD_60.norm.csv` / `ETHUSD_15.csv` → pair and timeframe (Kraken's export naming). */
const FILE = /^([A-Z0-9]+)_(\d+)(\.norm)?\.csv$/
/** `SOL_USDT-15m.norm.csv` → base, quote and timeframe (freqtrade's download naming, `../shared/data/binance`). */
const FREQTRADE_FILE = /^([A-Z0-9]+)_([A-Z0-9]+)-(15m|1h|4h|1d)(\.norm)?\.csv$/

interface CandleFileName {
  readonly name: string
  readonly spot: string
  readonly timeframe: Timeframe
  readonly norm: boolean
}

const kraken = (name: string): CandleFileName | undefined => {
  const match = FILE.exec(name)
  const timeframe = match && MINUTES[match[2]!]
  const spot = match && Either.getOrUndefined(spotFromKrakenSpot(match[1]!))
  return spot && timeframe ? { name, spot, timeframe, norm: match[3] !== undefined } : undefined
}

const freqtrade = (name: string): CandleFileName | undefined => {
  const match = FREQTRADE_FILE.exec(name)
  const spot = match && Either.getOrUndefined(parseSpotSymbol(`${match[1]}/${match[2]}`))
  return spot ? { name, spot, timeframe: match[3] as Timeframe, norm: match[4] !== undefined } : undefined
}

/**
 * The bars of a candle directory (`../shared/data/kraken` or `../shared/data/binance` style): one file per pair, the
 * finest timeframe found wins, normalized copies preferred. Symbols are recognised through Symbols.ts.
 */
export const csvBars = tracedFn("CsvBars.csvBars")(function* (dir: string) {
  const fs = yield* FileSystem.FileSystem
  const names = yield* fs
    .readDirectory(dir)
    .pipe(Effect.mapError((e) => new CandleDirError({ dir, reason: e.message })))
  const files = names.flatMap((name) => {
    const file = kraken(name) ?? freqtrade(name)
    return file ? [file] : []
  })
  const finest = files.map((f) => f.timeframe).sort((a, b) => timeframeMs[a] - timeframeMs[b])[0]
  if (finest === undefined) {
    return yield* new CandleDirError({ dir, reason: "no candle files named PAIR_MINUTES.csv or BASE_QUOTE-TF.csv" })
  }
  const chosen = new Map<string, CandleFileName>()
  for (const file of files.filter((f) => f.timeframe === finest)) {
    if (!chosen.get(file.spot)?.norm) chosen.set(file.spot, file)
  }
  const bySymbol: Record<string, ReturnType<typeof seriesBars>> = {}
  for (const file of chosen.values()) {
    const series = yield* readCandleFile(`${dir}/${file.name}`, { symbol: file.spot, timeframe: finest })
    bySymbol[file.spot] = seriesBars(series)
  }
  return memoryBars(finest, bySymbol) satisfies BarSource
})
