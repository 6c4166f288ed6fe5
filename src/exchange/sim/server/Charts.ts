import { aggregateBars } from "../BarSource.ts"
import type { SimVenue } from "../SimVenue.ts"
import { type HttpReply, json } from "./Http.ts"

/** Charts API resolutions the venue can build from its bars (multiples of its bar length are kept). */
const RESOLUTION_MS: Readonly<Record<string, number>> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "1w": 604_800_000
}

/** At most this many candles per answer; `more_candles` tells the caller to page on. */
const MAX_CANDLES = 2000

/**
 * `GET /api/charts/v1/{tick_type}/{symbol}/{resolution}?from&to` (seconds): closed candles, time in ms, prices as
 * strings. Every tick type (trade, mark, spot) serves the same bars: mark and index follow last in the venue.
 */
export const charts = (venue: SimVenue, path: string, query: URLSearchParams): HttpReply => {
  const [, , , , , symbol, resolution] = path.split("/")
  const intervalMs = resolution === undefined ? undefined : RESOLUTION_MS[resolution]
  if (!symbol || !venue.listing(symbol) || intervalMs === undefined || intervalMs % venue.barMs !== 0) {
    return json(404, JSON.stringify({ error: "not found" }))
  }
  const to = query.has("to") ? Number(query.get("to")) * 1000 : venue.time
  const from = query.has("from") ? Number(query.get("from")) * 1000 : to - MAX_CANDLES * intervalMs
  const bars = aggregateBars(venue.closedBars(symbol, from, to + 1), venue.barMs, intervalMs)
  const candles = bars.slice(0, MAX_CANDLES).map((bar) => ({
    time: bar.openTime,
    open: String(bar.open),
    high: String(bar.high),
    low: String(bar.low),
    close: String(bar.close),
    volume: bar.volume
  }))
  return json(200, JSON.stringify({ candles, more_candles: bars.length > MAX_CANDLES }))
}
