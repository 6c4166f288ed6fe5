import { Schema } from "effect"
import { candleInconsistency } from "./Candle.ts"
import type { CandleSeries } from "./CandleSeries.ts"
import { Timeframe, timeframeMs } from "./Timeframe.ts"

/** Why a batch was refused (nothing of it was stored): the offending bar and the reason. */
export interface AppendRejection {
  readonly index: number
  readonly openTime: number
  readonly reason: string
}

/** A batch of candles was refused whole because one bar is unsound, misaligned or out of order. */
export class CandleRejected extends Schema.TaggedError<CandleRejected>()("CandleRejected", {
  symbol: Schema.String,
  timeframe: Timeframe,
  openTime: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    const at = Number.isFinite(this.openTime) ? new Date(this.openTime).toISOString() : String(this.openTime)
    return `Candle ${this.symbol} ${this.timeframe} at ${at} rejected: ${this.reason}`
  }
}

const isPrice = (x: number | undefined): boolean => x !== undefined && Number.isFinite(x) && x > 0

/** The first problem with bar `i` of `input`, given the open time of the bar before it. */
const barProblem = (input: CandleSeries, i: number, previousOpen: number): string | undefined => {
  const openTime = input.openTime[i] ?? Number.NaN
  const step = timeframeMs[input.timeframe]
  if (!Number.isInteger(openTime) || openTime < 0 || openTime % step !== 0)
    return `open time ${openTime} is not a ${input.timeframe} boundary`
  if (openTime <= previousOpen) return `open time ${openTime} is not after the previous bar's ${previousOpen}`
  const bar = { open: input.open[i] ?? 0, high: input.high[i] ?? 0, low: input.low[i] ?? 0, close: input.close[i] ?? 0 }
  if (![bar.open, bar.high, bar.low, bar.close].every(isPrice)) return "a price is not a positive finite number"
  const volume = input.volume[i] ?? Number.NaN
  if (!(Number.isFinite(volume) && volume >= 0)) return `volume ${volume} is not a non-negative finite number`
  return candleInconsistency(bar)
}

/** The first unsound bar of `input`, or undefined when every bar can be stored. */
export const seriesProblem = (input: CandleSeries): AppendRejection | undefined => {
  for (let i = 0; i < input.length; i++) {
    const reason = barProblem(input, i, i === 0 ? -1 : (input.openTime[i - 1] ?? -1))
    if (reason !== undefined) return { index: i, openTime: input.openTime[i] ?? Number.NaN, reason }
  }
  return undefined
}
