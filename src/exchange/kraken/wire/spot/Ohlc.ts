import { ParseResult, Schema } from "effect"
import { DecimalFromString } from "../../../../domain/Money.ts"
import { OhlcInterval } from "../channels/Ohlc.ts"
import { SpotResponse } from "./SpotResponse.ts"

export const SPOT_OHLC_PATH = "/0/public/OHLC"

/** At most this many most recent candles per call; older ones are unreachable whatever `since` says. */
export const SPOT_OHLC_MAX_CANDLES = 720

/** Query of `GET /0/public/OHLC`: `since` is the previous response's `last` (unix seconds). */
export const SpotOhlcQuery = Schema.Struct({
  pair: Schema.String,
  interval: Schema.optional(OhlcInterval),
  since: Schema.optional(Schema.Int)
})

const OhlcRowTuple = Schema.Tuple(
  Schema.Int,
  DecimalFromString,
  DecimalFromString,
  DecimalFromString,
  DecimalFromString,
  DecimalFromString,
  DecimalFromString,
  Schema.Int
)

/** One candle; `time` is the bar open in unix seconds; prices and volume are strings on the wire. */
export const SpotOhlcRow = Schema.transform(
  OhlcRowTuple,
  Schema.Struct({
    time: Schema.Int,
    open: Schema.typeSchema(DecimalFromString),
    high: Schema.typeSchema(DecimalFromString),
    low: Schema.typeSchema(DecimalFromString),
    close: Schema.typeSchema(DecimalFromString),
    vwap: Schema.typeSchema(DecimalFromString),
    volume: Schema.typeSchema(DecimalFromString),
    count: Schema.Int
  }),
  {
    strict: true,
    decode: ([time, open, high, low, close, vwap, volume, count]) => ({
      time,
      open,
      high,
      low,
      close,
      vwap,
      volume,
      count
    }),
    encode: (r) => [r.time, r.open, r.high, r.low, r.close, r.vwap, r.volume, r.count] as const
  }
)
export type SpotOhlcRow = typeof SpotOhlcRow.Type

// Rows first: a refused row is then reported at its own index and field, not as "expected number" for the pair
const OhlcResultWire = Schema.Record({ key: Schema.String, value: Schema.Union(Schema.Array(SpotOhlcRow), Schema.Int) })

/**
 * `result` keyed by the canonical pair name (even when the query used the altname) plus `last`; decoded to
 * `{pair, candles, last}`. The last candle is the still-forming one.
 */
export const SpotOhlcResult = Schema.transformOrFail(
  OhlcResultWire,
  Schema.Struct({ pair: Schema.String, candles: Schema.Array(Schema.typeSchema(SpotOhlcRow)), last: Schema.Int }),
  {
    strict: true,
    decode: (wire, _, ast) => {
      const { last, ...pairs } = wire
      const entries = Object.entries(pairs)
      const [entry] = entries
      if (typeof last !== "number" || entry === undefined || entries.length !== 1 || typeof entry[1] === "number") {
        return ParseResult.fail(new ParseResult.Type(ast, wire, "expected one pair's candles and a numeric last"))
      }
      return ParseResult.succeed({ pair: entry[0], candles: entry[1], last })
    },
    encode: (r) => ParseResult.succeed({ [r.pair]: r.candles, last: r.last })
  }
)
export type SpotOhlcResult = typeof SpotOhlcResult.Type

export const SpotOhlcResponse = SpotResponse(SpotOhlcResult)
