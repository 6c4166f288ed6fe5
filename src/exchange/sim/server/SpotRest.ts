import { Either, Option } from "effect"
import { krakenSpotAltname, krakenSpotPairName, type SpotSymbol, spotFromKrakenSpot } from "../../../domain/Symbols.ts"
import { spotNonceOf, verifySpotApiSign } from "../../kraken/auth/SpotSign.ts"
import { SpotRestError } from "../../kraken/wire/Errors.ts"
import { stringifyFrame } from "../../kraken/wire/Json.ts"
import { SPOT_OHLC_MAX_CANDLES } from "../../kraken/wire/spot/Ohlc.ts"
import { GET_WEBSOCKETS_TOKEN_PATH } from "../../kraken/wire/spot/WebSocketsToken.ts"
import { aggregateBars } from "../BarSource.ts"
import type { SimVenue } from "../SimVenue.ts"
import { type Credentials, type HttpReply, type HttpRequest, header, json } from "./Http.ts"
import { TOKEN_EXPIRES_S, type TokenStore } from "./Tokens.ts"

const spotReply = (result: unknown): HttpReply => json(200, stringifyFrame({ error: [], result }))
export const spotError = (error: string): HttpReply => json(200, stringifyFrame({ error: [error] }))

/** Last nonce accepted per API key: Kraken refuses a nonce not above the previous one. */
export class NonceGuard {
  private readonly last = new Map<string, bigint>()

  accept(key: string, nonce: string): boolean {
    if (!/^\d{1,30}$/.test(nonce)) return false
    const value = BigInt(nonce)
    const previous = this.last.get(key)
    if (previous !== undefined && value <= previous) return false
    this.last.set(key, value)
    return true
  }
}

/** `POST /0/private/GetWebSocketsToken`: key, then API-Sign over the raw body, then the nonce, as Kraken checks. */
export const getWebSocketsToken = (
  request: HttpRequest,
  credentials: Credentials,
  nonces: NonceGuard,
  tokens: TokenStore
): HttpReply => {
  if (header(request, "API-Key") !== credentials.apiKey) return spotError(SpotRestError.invalidKey)
  const nonce = Option.getOrUndefined(spotNonceOf(request.body))
  const signature = header(request, "API-Sign") ?? ""
  if (nonce === undefined) return spotError(SpotRestError.invalidNonce)
  const input = { uriPath: GET_WEBSOCKETS_TOKEN_PATH, nonce, postBody: request.body }
  if (!verifySpotApiSign(credentials.apiSecret, input, signature)) return spotError(SpotRestError.invalidSignature)
  if (!nonces.accept(credentials.apiKey, nonce)) return spotError(SpotRestError.invalidNonce)
  return spotReply({ token: tokens.issue(Date.now()), expires: TOKEN_EXPIRES_S })
}

const pairOf = (venue: SimVenue, name: string | null): SpotSymbol | undefined => {
  if (name === null) return undefined
  const spot = Either.getOrUndefined(spotFromKrakenSpot(name))
  return spot && venue.listing(spot) ? spot : undefined
}

/**
 * `GET /0/public/OHLC?pair&interval&since`: the most recent 720 closed candles after `since` (unix seconds), and
 * `last` = the newest candle's time, to pass as the next `since`.
 */
export const spotOhlc = (venue: SimVenue, request: HttpRequest): HttpReply => {
  const pair = pairOf(venue, request.query.get("pair"))
  if (!pair) return spotError(SpotRestError.unknownAssetPair)
  const intervalMs = Number(request.query.get("interval") ?? "1") * 60_000
  if (!Number.isInteger(intervalMs) || intervalMs <= 0 || intervalMs % venue.barMs !== 0) {
    return spotError(SpotRestError.invalidArguments)
  }
  const sinceMs = Number(request.query.get("since") ?? "0") * 1000
  const from = Math.max(venue.time - (SPOT_OHLC_MAX_CANDLES + 1) * intervalMs, Number.isFinite(sinceMs) ? sinceMs : 0)
  const bars = aggregateBars(venue.closedBars(pair, from, venue.time + 1), venue.barMs, intervalMs)
    .filter((bar) => bar.openTime > sinceMs || sinceMs === 0)
    .slice(-SPOT_OHLC_MAX_CANDLES)
  const rows = bars.map((bar) => {
    const t = Math.floor(bar.openTime / 1000)
    const [o, h, l, c, v] = [bar.open, bar.high, bar.low, bar.close, bar.volume].map(String)
    return [t, o, h, l, c, c, v, 1]
  })
  const last = bars.length > 0 ? Math.floor(bars[bars.length - 1]!.openTime / 1000) : Math.floor(sinceMs / 1000)
  return spotReply({ [krakenSpotPairName(pair)]: rows, last })
}

export const spotAssetPairs = (venue: SimVenue): HttpReply =>
  spotReply(
    Object.fromEntries(
      venue.listings.map((listing) => {
        const instrument = venue.state.instruments[listing.futures]!
        const spot = listing.spot
        return [
          krakenSpotPairName(spot),
          {
            altname: krakenSpotAltname(spot),
            wsname: spot,
            base: listing.base,
            quote: instrument.quote,
            pair_decimals: Math.max(0, instrument.tickSize.decimalPlaces()),
            lot_decimals: Math.max(0, instrument.contractStep.decimalPlaces()),
            ordermin: instrument.minSize.toString(),
            tick_size: instrument.tickSize.toString(),
            status: "online"
          }
        ]
      })
    )
  )

export const spotTicker = (venue: SimVenue, request: HttpRequest): HttpReply => {
  const names = (request.query.get("pair") ?? "").split(",").filter((n) => n !== "")
  const pairs = names.length === 0 ? venue.listings.map((l) => l.spot) : names.map((n) => pairOf(venue, n))
  if (pairs.some((p) => p === undefined)) return spotError(SpotRestError.unknownAssetPair)
  return spotReply(
    Object.fromEntries(
      pairs.flatMap((pair) => {
        const futures = pair && venue.listing(pair)?.futures
        const price = futures ? venue.state.prices[futures] : undefined
        const tick = futures ? venue.state.instruments[futures]?.tickSize : undefined
        if (!pair || !price || !tick) return []
        const last = price.last.toString()
        return [
          [
            krakenSpotPairName(pair),
            {
              a: [price.last.plus(tick).toString(), "1", "1.000"],
              b: [price.last.minus(tick).toString(), "1", "1.000"],
              c: [last, "0"],
              v: ["0", "0"],
              p: [last, last],
              t: [0, 0],
              l: [last, last],
              h: [last, last],
              o: last
            }
          ]
        ]
      })
    )
  )
}
