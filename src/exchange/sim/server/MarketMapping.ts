import { Decimal } from "../../../domain/Money.ts"
import type { InstrumentPair } from "../../kraken/wire/channels/Instrument.ts"
import type { OhlcCandle, OhlcInterval } from "../../kraken/wire/channels/Ohlc.ts"
import type { Ticker } from "../../kraken/wire/channels/Ticker.ts"
import type { VolumeBar } from "../BarSource.ts"
import type { EngineState } from "../EngineState.ts"
import type { SimInstrument } from "../SimInstrument.ts"
import { wireTime } from "./WireTime.ts"

const decimals = (step: Decimal): number => Math.max(0, step.decimalPlaces())

export const wireInstrument = (instrument: SimInstrument): InstrumentPair => ({
  symbol: instrument.symbol,
  status: "online",
  price_increment: instrument.tickSize,
  price_precision: decimals(instrument.tickSize),
  qty_increment: instrument.contractStep,
  qty_precision: decimals(instrument.contractStep),
  qty_min: instrument.minSize,
  base: instrument.base,
  quote: instrument.quote,
  marginable: true,
  margin_initial: new Decimal(1).div(instrument.maxLeverage),
  has_index: true
})

/** Level 1 around the last price: no book, so bid and ask sit one tick either side of it. */
export const wireTicker = (state: EngineState, symbol: string): Ticker | undefined => {
  const instrument = state.instruments[symbol]
  const price = state.prices[symbol]
  if (!instrument || !price) return undefined
  const one = new Decimal(1)
  return {
    symbol,
    bid: price.last.minus(instrument.tickSize),
    bid_qty: one,
    ask: price.last.plus(instrument.tickSize),
    ask_qty: one,
    last: price.last,
    mark_price: price.mark,
    index_price: price.index,
    funding_rate: price.fundingRate,
    timestamp: wireTime(price.time)
  }
}

const exact = (value: number | Decimal): Decimal => new Decimal(typeof value === "number" ? String(value) : value)

export const wireCandle = (symbol: string, bar: VolumeBar, interval: OhlcInterval): OhlcCandle => ({
  symbol,
  open: exact(bar.open),
  high: exact(bar.high),
  low: exact(bar.low),
  close: exact(bar.close),
  volume: exact(bar.volume),
  interval_begin: wireTime(bar.openTime),
  interval
})
