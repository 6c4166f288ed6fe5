import { Either } from "effect"
import { applyPrivate, emptyPrivateFeed, type PrivateFeed } from "../../src/exchange/kraken/client/PrivateFeed.ts"
import { decodeValue, type KrakenDecodeError } from "../../src/exchange/kraken/wire/DecodeError.ts"
import { ChannelData } from "../../src/exchange/kraken/wire/Incoming.ts"
import { parseFrame } from "../../src/exchange/kraken/wire/Json.ts"

/** Valid Unified WebSocket channel frames of every channel the adapter reads, as the venue sends them. */
export const PRIVATE_FRAMES = {
  executionsSnapshot:
    '{"channel":"executions","type":"snapshot","data":[{"exec_type":"status","order_id":"o-1","cl_ord_id":"stop-1","symbol":"PF_XBTUSD","side":"sell","order_type":"stop-loss","order_qty":0.5,"order_status":"new","cum_qty":0,"reduce_only":true,"post_only":false,"triggers":{"reference":"last","price":48000.5,"price_type":"static"},"timestamp":"2026-01-01T00:00:00.000Z"}]}',
  executionsFill:
    '{"channel":"executions","type":"update","data":[{"exec_type":"trade","order_id":"o-2","cl_ord_id":"entry-1","symbol":"PF_XBTUSD","side":"buy","order_type":"limit","order_qty":0.5,"limit_price":50000.5,"order_status":"partially_filled","cum_qty":0.1,"avg_price":50000.5,"exec_id":"e-1","last_qty":0.1,"last_price":50000.5,"liquidity_ind":"m","fees":[{"asset":"USD","qty":0.01}],"timestamp":"2026-01-01T00:00:01.000Z"}]}',
  positions:
    '{"channel":"positions","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","size":0.1,"entry_price":50000.5,"mark_price":50010,"pnl":1.25}],"options":[]}}',
  margin:
    '{"channel":"margin","type":"multi_collateral","data":[{"portfolio_value":10000.5,"balance_value":10000,"initial_margin":250.25,"available_margin":9750.25,"pnl":0.5}]}'
} as const

export const PUBLIC_FRAMES = {
  ticker:
    '{"channel":"ticker","type":"update","data":[{"symbol":"PF_XBTUSD","bid":50000,"bid_qty":1.5,"ask":50000.5,"ask_qty":2,"last":50000.5,"mark_price":50000.25,"funding_rate":0.0001,"timestamp":"2026-01-01T00:00:00.000Z"}]}',
  instrument:
    '{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"PF_XBTUSD","status":"online","price_increment":0.5,"qty_increment":0.0001,"qty_min":0.0001}]}}'
} as const

/** A private feed that has seen all three snapshots (trusted), as the adapter holds it between messages. */
export const syncedFeed = (): PrivateFeed => {
  let feed = emptyPrivateFeed
  for (const text of [PRIVATE_FRAMES.executionsSnapshot, PRIVATE_FRAMES.positions, PRIVATE_FRAMES.margin]) {
    feed = applyPrivate(feed, 1, Either.getOrThrow(decodeChannel(parsed(text))), 0).feed
  }
  return feed
}

/** A valid frame parsed as the connection parses it (fractions kept as exact text). */
export const parsed = (text: string): unknown => Either.getOrThrow(parseFrame(text))

/** What the connection does with a parsed channel frame: decode it with the ChannelData union. */
export const decodeChannel = (value: unknown): Either.Either<ChannelData, KrakenDecodeError> =>
  decodeValue(ChannelData, "channel frame")(value)
