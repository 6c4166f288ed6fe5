import { Decimal } from "../../domain/Money.ts"
import type { PriceEvent } from "./PriceFeed.ts"

export interface Bar {
  readonly openTime: number
  readonly open: number | Decimal
  readonly high: number | Decimal
  readonly low: number | Decimal
  readonly close: number | Decimal
}

export interface PathPoint {
  readonly time: number
  readonly price: Decimal
}

// A float64 candle value becomes its shortest round-trip repr, which is the price the data meant
const toDecimal = (value: number | Decimal): Decimal => new Decimal(typeof value === "number" ? String(value) : value)

/**
 * The order in which the engine sees one bar's prices, so that stops and take-profits inside a bar resolve the
 * same way every run. Rule: an up bar (close ≥ open) goes open → low → high → close, a down bar open → high →
 * low → close. The bar first moves against its direction, which is the conservative reading for a position
 * held in the bar's direction (its stop is tested before its take-profit). Times inside [openTime, openTime +
 * durationMs): open at openTime, the extremes at one and two thirds, close one millisecond before the bar ends,
 * so the next bar's open is the first price after the close. Always four points, even when some are equal.
 */
export const intrabarPath = (bar: Bar, durationMs: number): ReadonlyArray<PathPoint> => {
  const open = toDecimal(bar.open)
  const close = toDecimal(bar.close)
  const [high, low] = [toDecimal(bar.high), toDecimal(bar.low)]
  const [first, second] = close.gte(open) ? [low, high] : [high, low]
  const t = bar.openTime
  return [
    { time: t, price: open },
    { time: t + Math.floor(durationMs / 3), price: first },
    { time: t + Math.floor((2 * durationMs) / 3), price: second },
    { time: t + durationMs - 1, price: close }
  ]
}

/** The bar's path as price events (last only: mark and index follow last). */
export const intrabarEvents = (symbol: string, bar: Bar, durationMs: number): ReadonlyArray<PriceEvent> =>
  intrabarPath(bar, durationMs).map((point) => ({ symbol, time: point.time, last: point.price }))

export interface SymbolBars {
  readonly symbol: string
  readonly bars: ReadonlyArray<Bar>
}

/**
 * Several symbols' bars as one time-ordered stream of price events (the engine's input for a backtest):
 * ordered by time, then by symbol name, so simultaneous points always arrive in the same order.
 */
export const mergedIntrabarEvents = (
  series: ReadonlyArray<SymbolBars>,
  durationMs: number
): ReadonlyArray<PriceEvent> =>
  series
    .flatMap(({ symbol, bars }) => bars.flatMap((bar) => intrabarEvents(symbol, bar, durationMs)))
    .sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
